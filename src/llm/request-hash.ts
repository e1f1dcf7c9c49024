import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { ChatMessage } from './types.js';

export interface HashableRequest {
  system: string;
  messages: readonly ChatMessage[];
  schemaName: string;
  /** The answer schema's fingerprint (`schemaFingerprint`): its identity, whether its text went in the prompt or as `response_format`. */
  schema?: string;
  /** Include it where a different model must not share an answer (the project-wide cache). */
  model?: string;
}

export interface NormalizeOptions {
  /** Absolute folders (e.g. the workspace root) that differ between machines; replaced by `<dir>`. */
  paths?: readonly string[];
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g;
/** Every run of whitespace but a lone space (which would become itself): far fewer matches than `\s+`, the same text. */
const WHITESPACE_TO_COLLAPSE = / ?[^\S ]\s*| {2,}\s*/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SEGMENT = `[^\\s/"'\`<>]+`;

/**
 * Temp roots on Linux and macOS (whose per-user root is `/var/folders/xx/yyyy/T`) plus this
 * machine's own, each followed by the randomly named folder made inside it.
 */
function buildTempPathPattern(): RegExp {
  const roots = ['(?:/private)?/tmp', '/var/tmp', `(?:/private)?/var/folders/${SEGMENT}/${SEGMENT}/T`];
  const own = tmpdir().replace(/[\\/]+$/, '');
  if (own.length > 1) roots.unshift(escapeRegExp(own));
  // The lookbehind keeps `/home/me/tmp/x` intact: only a path that starts at a temp root matches.
  return new RegExp(`(?<![\\w.~/-])(?:${roots.join('|')})/${SEGMENT}`, 'g');
}

/** The variables `os.tmpdir()` reads; the pattern is rebuilt only when one of them changes. */
const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP', 'SystemRoot', 'windir'] as const;
let tempPattern: { env: string; pattern: RegExp } | undefined;

/** `os.tmpdir()` makes a dozen system calls (Node checks the process's ids for each variable it reads): built once per temp folder. */
function tempPathPattern(): RegExp {
  const env = TEMP_VARIABLES.map((name) => process.env[name] ?? '').join('\0');
  if (tempPattern?.env !== env) tempPattern = { env, pattern: buildTempPathPattern() };
  return tempPattern.pattern;
}

/**
 * The text a request hash is computed from: the parts that vary between two runs of the same
 * request (ids, clocks, temp and workspace folders, whitespace) are replaced by placeholders, so
 * a cassette recorded in one folder, on one day, replays in another.
 */
export function normalizeRequestText(text: string, options: NormalizeOptions = {}): string {
  let result = text;
  const paths = [...(options.paths ?? [])].filter((path) => path.length > 1).sort((a, b) => b.length - a.length);
  for (const path of paths) result = result.split(path.replace(/[\\/]+$/, '')).join('<dir>');
  return result
    .replace(tempPathPattern(), '<tmp>')
    .replace(UUID, '<uuid>')
    .replace(ISO_TIMESTAMP, '<timestamp>')
    .replace(WHITESPACE_TO_COLLAPSE, ' ')
    .trim();
}

/** System prompts seen lately, normalised, keyed by the folders and the text; dropped when the temp folder changes. */
const normalizedSystems = new Map<string, string>();
const MAX_NORMALIZED_SYSTEMS = 32;
let normalizedWith: RegExp | undefined;

/** A stage's system prompt is the same on each of its calls and repairs, and long: it is normalised once. */
function normalizeSystem(text: string, options: NormalizeOptions): string {
  if (normalizedWith !== tempPathPattern()) {
    normalizedSystems.clear();
    normalizedWith = tempPathPattern();
  }
  const key = `${(options.paths ?? []).join('\0')}\u0001${text}`;
  let normalized = normalizedSystems.get(key);
  if (normalized === undefined) {
    normalized = normalizeRequestText(text, options);
    if (normalizedSystems.size >= MAX_NORMALIZED_SYSTEMS) normalizedSystems.delete(normalizedSystems.keys().next().value!);
    normalizedSystems.set(key, normalized);
  }
  return normalized;
}

export function normalizeRequest(request: HashableRequest, options: NormalizeOptions = {}): HashableRequest {
  return {
    system: normalizeSystem(request.system, options),
    messages: request.messages.map((message) => ({ role: message.role, content: normalizeRequestText(message.content, options) })),
    schemaName: request.schemaName.trim(),
    ...(request.schema !== undefined ? { schema: request.schema } : {}),
    ...(request.model !== undefined ? { model: request.model } : {}),
  };
}

/** sha256 (hex) of the normalised request: the key of the response cache and of cassette entries. */
export function hashRequest(request: HashableRequest, options: NormalizeOptions = {}): string {
  const normalized = normalizeRequest(request, options);
  // A fixed field order and a version tag: changing normalisation later must not silently collide.
  const canonical = JSON.stringify([
    'atelier-request-v2',
    normalized.schemaName,
    normalized.schema ?? null,
    normalized.model ?? null,
    normalized.system,
    normalized.messages.map((message) => [message.role, message.content]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
