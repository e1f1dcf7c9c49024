export type ExtractedJson = { ok: true; value: unknown } | { ok: false; problem: string };

const FENCE = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;
/** Reasoning models served through OpenAI-compatible endpoints (Ollama, vLLM) often inline their thinking. */
const THINKING = /<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/gi;
/** Enough to skip a few braces in leading prose without scanning a huge answer quadratically. */
const MAX_CANDIDATES = 20;

function tryParse(text: string): { ok: true; value: unknown } | undefined {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** The end index (exclusive) of the JSON object or array opening at `start`, string-aware. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function firstBalancedValue(text: string): { ok: true; value: unknown } | undefined {
  let candidates = 0;
  for (let i = 0; i < text.length && candidates < MAX_CANDIDATES; i++) {
    if (text[i] !== '{' && text[i] !== '[') continue;
    candidates++;
    const end = balancedEnd(text, i);
    if (end === undefined) continue;
    const parsed = tryParse(text.slice(i, end));
    if (parsed) return parsed;
  }
  return undefined;
}

/**
 * The JSON value in a model's answer: the whole answer, else a fenced block, else the first
 * balanced object or array in it (models add "Here is the JSON:" however firmly told not to).
 */
export function extractJson(answer: string): ExtractedJson {
  const text = answer.replace(THINKING, '').trim();
  if (text.length === 0) return { ok: false, problem: 'the answer was empty; it must be one JSON object' };
  const whole = tryParse(text);
  if (whole) return whole;
  for (const match of text.matchAll(FENCE)) {
    const fenced = tryParse((match[1] ?? '').trim());
    if (fenced) return fenced;
  }
  const embedded = firstBalancedValue(text);
  if (embedded) return embedded;
  const start = text.search(/[{[]/);
  if (start === -1) return { ok: false, problem: 'the answer contains no JSON object' };
  const end = balancedEnd(text, start);
  if (end === undefined) return { ok: false, problem: 'the JSON is incomplete: the answer ends before its closing brace' };
  return { ok: false, problem: `the answer is not valid JSON (${jsonSyntaxError(text.slice(start, end))})` };
}

function jsonSyntaxError(text: string): string {
  try {
    JSON.parse(text);
    return 'unknown error';
  } catch (error) {
    return (error as Error).message;
  }
}
