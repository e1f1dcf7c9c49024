/** What every redacted secret becomes in logs, events, cassettes and the dashboard. */
export const REDACTED = '[REDACTED]';

/** Env var names whose values are treated as secrets. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|AUTH/i;

/** Shorter values are too likely to be ordinary words or numbers found elsewhere in the text. */
const MIN_SECRET_LENGTH = 8;

/**
 * Well-known credential shapes, redacted even when they never passed through the environment
 * (a key pasted into an idea, echoed by a model, or printed in a provider's error body).
 */
const KEY_SHAPES: ReadonlyArray<{ pattern: RegExp; replacement: string }> = [
  // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-) and OpenRouter (sk-or-v1-) keys share the prefix.
  { pattern: /\bsk-[A-Za-z0-9_-]{16,}/g, replacement: REDACTED },
  { pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, replacement: REDACTED },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replacement: REDACTED },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/g, replacement: REDACTED },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replacement: REDACTED },
  { pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g, replacement: `Bearer ${REDACTED}` },
];

/** Secret values from the environment, longest first so a secret containing another is replaced whole. */
function environmentSecrets(env: NodeJS.ProcessEnv): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name)) values.push(value);
  }
  return values;
}

/** Keys this process was given under names the pattern above cannot know (a provider's api_key_env). */
const knownSecrets = new Set<string>();

/** Every later redaction in this process replaces `value` too. */
export function registerSecret(value: string): void {
  if (value.length >= MIN_SECRET_LENGTH) knownSecrets.add(value);
}

/**
 * Replaces secrets in `text` with `[REDACTED]`: the values of env vars named like keys, tokens,
 * secrets, passwords or auth settings, every registered secret, any `extraSecrets` (e.g. a key from the config file), and
 * well-known key shapes. The JSON-escaped form of each value is replaced too, so redacting a
 * serialised payload keeps it valid JSON.
 */
export function redactSecrets(text: string, extraSecrets: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string {
  const secrets = new Set<string>();
  for (const value of [...environmentSecrets(env), ...knownSecrets, ...extraSecrets]) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    secrets.add(value);
    secrets.add(JSON.stringify(value).slice(1, -1));
  }
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  for (const { pattern, replacement } of KEY_SHAPES) result = result.replace(pattern, replacement);
  return result;
}
