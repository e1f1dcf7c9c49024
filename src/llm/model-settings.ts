import * as z from 'zod';
import { OPTIMIZE_MODES } from './select-model.js';

/**
 * How a run chooses and pays for its models, as the user asked for them (flags, the dashboard,
 * a queued job). Kept in the run plan, so a resume applies them again; the configuration file
 * supplies what these leave out. Cassette paths are absolute, so a resume finds them from anywhere.
 */
export const modelSettingsSchema = z.object({
  /** A catalog id, a provider id or provider:id for every stage. */
  model: z.string().min(1).optional(),
  /** Any OpenAI-compatible endpoint; wins over OPENAI_BASE_URL. */
  baseUrl: z.string().min(1).optional(),
  stageModels: z.record(z.string(), z.string()).optional(),
  roleModels: z.record(z.string(), z.string()).optional(),
  /** The hard budget, an exact decimal in US dollars ("2.50"). */
  budgetUsd: z.string().regex(/^\d*\.?\d+$/).optional(),
  optimize: z.enum(OPTIMIZE_MODES).optional(),
  freeOnly: z.boolean().optional(),
  /** Share identical answers across the project's runs, not only within the run. */
  cache: z.boolean().optional(),
  record: z.string().min(1).optional(),
  replay: z.string().min(1).optional(),
});

export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** Runs planned before the settings were typed kept the CLI's raw flags; read them as the new shape. */
const legacySettingsSchema = z
  .object({
    model: z.string(),
    baseUrl: z.string(),
    record: z.string(),
    replay: z.string(),
    budget: z.string(),
    optimize: z.enum(OPTIMIZE_MODES),
    freeOnly: z.boolean(),
    cache: z.boolean(),
    stageModel: z.array(z.string()),
    roleModel: z.array(z.string()),
  })
  .partial();

function assignments(values: readonly string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const pairs = values.flatMap((value) => {
    const eq = value.indexOf('=');
    return eq > 0 ? [[value.slice(0, eq).trim(), value.slice(eq + 1).trim()] as const] : [];
  });
  return Object.fromEntries(pairs);
}

/** The settings a stored plan holds, in either shape; anything unreadable is left out rather than guessed. */
export function readStoredModelSettings(stored: unknown): ModelSettings {
  const current = modelSettingsSchema.safeParse(stored);
  const legacy = legacySettingsSchema.safeParse(stored);
  if (!legacy.success) return current.success ? current.data : {};
  const old = legacy.data;
  if (old.budget === undefined && old.stageModel === undefined && old.roleModel === undefined && current.success) return current.data;
  const stageModels = assignments(old.stageModel);
  const roleModels = assignments(old.roleModel);
  return modelSettingsSchema.parse({
    ...(old.model ? { model: old.model } : {}),
    ...(old.baseUrl ? { baseUrl: old.baseUrl } : {}),
    ...(old.record ? { record: old.record } : {}),
    ...(old.replay ? { replay: old.replay } : {}),
    ...(old.budget && /^\d*\.?\d+$/.test(old.budget) ? { budgetUsd: old.budget } : {}),
    ...(old.optimize ? { optimize: old.optimize } : {}),
    ...(old.freeOnly ? { freeOnly: true } : {}),
    ...(old.cache ? { cache: true } : {}),
    ...(stageModels ? { stageModels } : {}),
    ...(roleModels ? { roleModels } : {}),
  });
}

/**
 * A resumed run starts from the settings it was started with; the ones given now win (which is
 * how `--budget MORE` raises a limit). A cassette given now replaces the saved one rather than
 * combining with it.
 */
export function mergeModelSettings(saved: ModelSettings, given: ModelSettings): ModelSettings {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as ModelSettings;
  const merged: ModelSettings = { ...saved, ...defined };
  if (defined.replay !== undefined || defined.record !== undefined) {
    if (defined.replay === undefined) delete merged.replay;
    if (defined.record === undefined) delete merged.record;
  }
  return merged;
}
