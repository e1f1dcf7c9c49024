import { ConfigChangeError } from './config-change-error.js';
import type { ConfigSource } from './config-layers.js';
import type { WritableLayer } from './config-locations.js';
import { closestName } from './suggest.js';

/** A write that passed every check: `text` goes to `file`, and `notes` tell the user what it means. */
export interface PlannedWrite {
  id: string;
  layer: WritableLayer;
  file: string;
  text: string;
  notes: string[];
}

/** A deletion that passed every check. */
export interface PlannedDelete {
  id: string;
  layer: WritableLayer;
  file: string;
  notes: string[];
}

/**
 * The file to delete for `id`: in `layer` when given, else the highest layer that has one.
 * Shared by roles and workflows, whose layers work alike.
 */
export function pickLayerSource(
  what: 'role' | 'workflow',
  id: string,
  sources: readonly ConfigSource[],
  layer: WritableLayer | undefined,
  knownIds: readonly string[],
): ConfigSource & { layer: WritableLayer } {
  if (sources.length === 0) {
    const hint = closestName(id, knownIds);
    throw new ConfigChangeError('not_found', `there is no ${what} "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; nothing was deleted`);
  }
  const candidates = sources.filter((s): s is ConfigSource & { layer: WritableLayer } => s.layer !== 'builtin' && (layer === undefined || s.layer === layer));
  const chosen = candidates.at(-1);
  if (chosen) return chosen;
  const where = sources.map((s) => `${s.layer} (${s.file})`).join(', ');
  if (layer !== undefined) throw new ConfigChangeError('not_found', `${what} "${id}" has no file in the ${layer} layer; it is defined in: ${where}; nothing was deleted`);
  throw new ConfigChangeError('builtin', `${what} "${id}" is built in (${sources[0]?.file ?? ''}) and ships with Atelier, so it cannot be deleted; override it in your own layer instead; nothing was deleted`);
}
