/** A dated snapshot or a tag of a model is still that model: `gpt-4.1-mini-2025-04-14`, `llama3.1:latest`. */
const SNAPSHOT = /(?:[-@]\d{4}-?\d{2}-?\d{2}|:latest)$/i;

/** The words of a model id, order aside: OpenRouter reports `claude-4.5-sonnet` for `claude-sonnet-4.5`. */
function words(id: string): string {
  const name = id.toLowerCase().replace(SNAPSHOT, '');
  const bare = name.slice(name.lastIndexOf('/') + 1);
  return bare.split(/[-._:]+/).filter(Boolean).sort().join(' ');
}

/**
 * The model id the ledger, the cache and every view record for an answer: the route's own when
 * the response names it (or a snapshot of it), else the model the response says answered: a
 * gateway or router that hands the request to another model does not make that model's answer
 * the asked one's.
 */
export function answeringModelId(asked: string, reported: string | undefined): string {
  if (reported === undefined || reported.trim() === '' || reported === asked) return asked;
  return words(reported) === words(asked) ? asked : reported;
}
