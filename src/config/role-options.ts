import { readFile } from 'node:fs/promises';
import { ConfigChangeError } from './config-change-error.js';
import { ConfigError, formatFieldPath } from './config-error.js';
import { roleSchema, type RoleFile } from './role-schema.js';
import { displayNameFromId } from './role-yaml.js';

/** What `atelier role create` accepts, as typed on the command line (the seed's options). */
export interface RoleOptions {
  displayName?: string;
  description?: string;
  /** A file holding the system prompt. */
  promptFile?: string;
  /** The system prompt itself, for short prompts. */
  prompt?: string;
  sections?: string[];
  requiredPatterns?: string[];
  contextSize?: string;
  reasoning?: string;
  temperature?: string;
  model?: string;
  document?: string;
  behaviour?: string;
  aliases?: string[];
}

/** Which option sets each field, so a problem names what the user typed rather than a YAML path. */
const OPTION_FOR_FIELD: [RegExp, string][] = [
  [/^name/, '--display-name'],
  [/^description/, '--description'],
  [/^system_prompt/, '--prompt-file'],
  [/^output_format\.sections/, '--sections'],
  [/^output_format\.validation/, '--required-pattern'],
  [/^model_preferences\.context_size/, '--context-size'],
  [/^model_preferences\.reasoning/, '--reasoning'],
  [/^model_preferences\.temperature/, '--temperature'],
  [/^model_preferences\.model/, '--model'],
  [/^document/, '--document'],
  [/^behaviour/, '--behaviour'],
  [/^aliases/, '--alias'],
];

/**
 * The role file `role create` writes, in the seed format, checked against the role schema. A
 * prompt file that cannot be read is a ConfigError naming it; a bad option value is a
 * ConfigChangeError naming the option.
 */
export async function roleFileFromOptions(id: string, options: RoleOptions): Promise<RoleFile> {
  // Built loosely, then checked by the role schema below: the schema, not this function, is the judge.
  const role: Record<string, unknown> = {
    name: options.displayName ?? displayNameFromId(id),
    description: options.description ?? '',
    system_prompt: await systemPrompt(options),
  };
  const sections = nonEmptyList(options.sections);
  const patterns = nonEmptyList(options.requiredPatterns);
  if (sections || patterns) {
    role.output_format = {
      ...(sections ? { sections } : {}),
      ...(patterns ? { validation: { required_patterns: patterns } } : {}),
    };
  }
  const preferences = {
    ...(options.contextSize !== undefined ? { context_size: contextSize(options.contextSize) } : {}),
    ...(options.reasoning !== undefined ? { reasoning: options.reasoning } : {}),
    ...(options.temperature !== undefined ? { temperature: temperature(options.temperature) } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
  };
  if (Object.keys(preferences).length > 0) role.model_preferences = preferences;
  const aliases = nonEmptyList(options.aliases);
  if (aliases) role.aliases = aliases;
  if (options.document !== undefined) role.document = options.document;
  if (options.behaviour !== undefined) role.behaviour = options.behaviour;

  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = formatFieldPath(issue.path) ?? '';
      const option = OPTION_FOR_FIELD.find(([pattern]) => pattern.test(field))?.[1] ?? field;
      return `${option}: ${issue.message}`;
    });
    throw new ConfigChangeError('invalid', `role "${id}" was not created:\n  ${problems.join('\n  ')}`);
  }
  return role as RoleFile;
}

async function systemPrompt(options: RoleOptions): Promise<string> {
  if (options.prompt !== undefined && options.promptFile !== undefined) {
    throw new ConfigChangeError('invalid', '--prompt and --prompt-file both give the system prompt; pass one of them');
  }
  if (options.promptFile === undefined) {
    if (options.prompt === undefined) throw new ConfigChangeError('invalid', 'a role needs a system prompt: pass --prompt-file FILE (or --prompt TEXT)');
    return normalisePrompt(options.prompt);
  }
  let text: string;
  try {
    text = await readFile(options.promptFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read the prompt file (${code ?? (error as Error).message})`;
    throw new ConfigError({ file: options.promptFile, field: '--prompt-file', message: reason }, { cause: error });
  }
  if (text.trim() === '') throw new ConfigError({ file: options.promptFile, field: '--prompt-file', message: 'the prompt file is empty' });
  return normalisePrompt(text);
}

/** One trailing newline, so the prompt is written as a plain `|` block whatever the file ended with. */
function normalisePrompt(text: string): string {
  return `${text.replace(/\s+$/, '')}\n`;
}

function nonEmptyList(values: string[] | undefined): string[] | undefined {
  const list = (values ?? []).map((value) => value.trim()).filter((value) => value !== '');
  return list.length > 0 ? list : undefined;
}

function contextSize(value: string): string | number {
  if (['small', 'medium', 'large'].includes(value)) return value;
  const tokens = Number(value);
  if (value.trim() !== '' && Number.isInteger(tokens) && tokens > 0) return tokens;
  throw new ConfigChangeError('invalid', `--context-size must be small, medium, large or a positive number of tokens, not "${value}"`);
}

function temperature(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new ConfigChangeError('invalid', `--temperature must be a number from 0 to 2, not "${value}"`);
  return number;
}

/** Splits `--sections "A,B" --sections C` into `[A, B, C]`; commander calls this once per use. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')];
}

/** Collects a repeatable option whose values may contain commas, e.g. `--required-pattern`. */
export function collectRepeated(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
