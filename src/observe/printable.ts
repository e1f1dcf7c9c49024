/**
 * Control characters a terminal would act on (ESC starts colour, cursor and title sequences;
 * NUL, BEL, backspace and carriage return rewrite what is shown), C1 controls, and the Unicode
 * bidirectional overrides that make text read differently from what it is. Newline and tab stay.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a model, a generated file or a stored record, made safe to print: each control
 * character is shown as its code (`\x1b`), so a file named `\e[2J` cannot clear the screen.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.codePointAt(0)!;
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** Every string inside `value` (objects and arrays, recursively) made printable. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => printableDeep(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [printable(key), printableDeep(inner)])) as T;
  }
  return value;
}
