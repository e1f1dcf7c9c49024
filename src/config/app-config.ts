import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { parseWait } from './wait.js';
import { ConfigErrors } from './config-error.js';
import { readYamlFile, yamlLocator, zodIssuesToConfigErrors } from './yaml-file.js';

/** Rate limits for one provider or model; learned limits from response headers only tighten these. */
const rateLimitSchema = z.strictObject({
  concurrency: z.number().int().positive().optional().describe('requests in flight at once'),
  rpm: z.number().int().positive().optional().describe('requests per minute'),
  tpm: z.number().int().positive().optional().describe('tokens per minute'),
});

/** A model's price in US dollars per million tokens, as providers quote it. */
const priceSchema = z.strictObject({
  input: z.number().nonnegative().describe('US dollars per million input tokens'),
  output: z.number().nonnegative().describe('US dollars per million output tokens'),
});

const providerSchema = z.strictObject({
  /** `openai-compatible` for any base URL (Ollama, LM Studio, vLLM, a gateway). */
  type: z.enum(['openrouter', 'openai', 'anthropic', 'ollama', 'openai-compatible']).optional(),
  base_url: z.url({ protocol: /^https?$/, error: 'base_url must be an http(s) URL' }).optional(),
  /** The environment variable holding the key; keys themselves never live in this file. */
  api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'api_key_env names an environment variable, e.g. MY_GATEWAY_KEY').optional(),
  /** `enforced`: the endpoint puts the schema in front of the model itself, so the prompt does not repeat it. */
  structured_outputs: z.union([z.boolean(), z.literal('enforced')], { error: 'structured_outputs is true, false or enforced' }).optional(),
  rate_limit: rateLimitSchema.optional(),
  models: z.record(z.string(), rateLimitSchema).optional().describe('per-model rate limits'),
});

/**
 * `atelier.config.yml`: the user's (in the user config dir) and the project's (in the project
 * folder), the project's keys winning. Every key is optional; the defaults are the CLI's.
 */
export const appConfigSchema = z.strictObject({
  workflow: z.string().optional().describe('the active workflow id'),
  concurrency: z.number().int().min(1).max(64).optional(),
  budget_usd: z.number().positive().optional().describe('default hard budget per run, in US dollars'),
  cache: z.boolean().optional().describe('answer identical requests from the project response cache'),
  optimize: z.enum(['cost', 'quality', 'balanced']).optional(),
  max_fix_rounds: z.number().int().min(0).max(20).optional(),
  max_feedback_rounds: z.number().int().min(0).max(5).optional().describe('rounds of feedback a role may send the authors of the documents it reads before writing its own (default 1; 0 turns it off)'),
  approval_timeout: z
    .strictObject({
      after: z.string().refine((text) => parseWait(text) !== undefined, { message: 'a wait like 30m, 2h, 45s or 1d' }).describe('how long a document waits for a person before the action'),
      action: z.enum(['approve', 'reject', 'stop']).optional().describe('approve it, send it back once with the feedback, or stop waiting (default)'),
      feedback: z.string().min(1).optional().describe('what a document sent back by the timeout is told'),
    })
    .optional()
    .describe('unattended runs: what happens to a document nobody approves in time'),
  approvals: z.array(z.string().min(1)).optional().describe('approval points every run of this project stops at: stage ids or after_prd, after_design, before_deployment'),
  models: z
    .strictObject({
      default: z.string().optional().describe('model id used when nothing more specific applies'),
      free_only: z.boolean().optional(),
      /** Per role id, e.g. `engineer: anthropic/claude-sonnet-4.5`. */
      roles: z.record(z.string(), z.string()).optional(),
      /** Per stage id, e.g. `write_prd: openai/gpt-4.1-mini`. */
      stages: z.record(z.string(), z.string()).optional(),
      /** The seed's preference lists per task type: substrings matched against catalog ids, in order. */
      capabilities: z.record(z.string(), z.array(z.string())).optional(),
      /** Per model (`provider:id` or an id), e.g. `"openai:my-model": { input: 0.5, output: 1.5 }`: the budget bounds it, the ledger charges it. */
      prices: z.record(z.string().min(1), priceSchema).optional().describe('US dollars per million tokens, per model'),
    })
    .optional(),
  providers: z.record(z.string(), providerSchema).optional(),
  /** Model calls: a provider that sends nothing for this long is stalled, and the call is tried again (then the backup). */
  timeouts: z
    .strictObject({
      first_byte_s: z.number().positive().optional().describe('seconds to wait for the first byte of an answer (default 60)'),
      idle_s: z.number().positive().optional().describe('seconds a streamed answer may pause between chunks (default 60)'),
      call_s: z.number().positive().optional().describe('seconds a whole model call may take (default 600)'),
    })
    .optional(),
  sandbox: z
    .strictObject({
      driver: z.enum(['auto', 'bubblewrap', 'docker', 'plain']).optional(),
      timeout_seconds: z.number().int().positive().optional(),
      memory_mb: z.number().int().positive().optional(),
      max_processes: z.number().int().positive().optional(),
      network_for_install: z.boolean().optional(),
      offline_npm_cache: z
        .string()
        .regex(/^(~$|~\/|\/)/, 'offline_npm_cache is a folder given as an absolute path or under ~/, e.g. ~/.npm (`npm config get cache` prints yours)')
        .optional()
        .describe('install npm packages offline from this npm cache, lent read-only, with no network'),
      env: z.record(z.string(), z.string()).optional().describe('extra variables the generated code may see'),
    })
    .optional(),
});

export type AppConfig = z.infer<typeof appConfigSchema>;

export const APP_CONFIG_FILE = 'atelier.config.yml';

export interface AppConfigFiles {
  /** `<user config dir>/atelier.config.yml` */
  user?: string;
  /** `<project>/atelier.config.yml` */
  project?: string;
}

/** Reads and validates one config file; a problem names the file, line and key. */
export async function readAppConfigFile(file: string): Promise<AppConfig> {
  const source = await readYamlFile(file);
  if (source.value === null) return {};
  const parsed = appConfigSchema.safeParse(source.value);
  if (!parsed.success) throw new ConfigErrors(zodIssuesToConfigErrors(yamlLocator(source), pointAtUnknownKeys(parsed.error.issues), source.value));
  return parsed.data;
}

/** Zod reports unknown keys on their parent; the user needs the line of the key itself. */
function pointAtUnknownKeys(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ ...issue, keys: [key], path: [...issue.path, key], message: `unknown key "${key}"` }))
      : [issue],
  );
}

/** Deep merge where `over` wins; records (per-role models, providers) merge key by key. */
export function mergeAppConfig(base: AppConfig, over: AppConfig): AppConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeAppConfig(current as AppConfig, value as AppConfig) : value;
  }
  return merged as AppConfig;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The effective configuration: user file, then project file over it. Missing files are fine. */
export async function loadAppConfig(files: AppConfigFiles): Promise<AppConfig> {
  let config: AppConfig = {};
  for (const file of [files.user, files.project]) {
    if (file && existsSync(file)) config = mergeAppConfig(config, await readAppConfigFile(file));
  }
  return config;
}

export function appConfigFiles(userConfigDir: string, projectDir?: string): AppConfigFiles {
  return { user: join(userConfigDir, APP_CONFIG_FILE), project: projectDir ? join(projectDir, APP_CONFIG_FILE) : undefined };
}
