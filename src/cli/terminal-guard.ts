import { printable } from '../observe/printable.js';

/**
 * The escape sequences Atelier's own views write: colours (SGR), moving up to redraw the live
 * view, and erasing what follows (never the whole screen). Anything else that would drive the terminal (a title, a screen clear,
 * a hyperlink, NUL, BEL) cannot be Atelier's own.
 */
// eslint-disable-next-line no-control-regex -- recognising escape sequences is the point.
const OWN_SEQUENCE = /\u001b\[(?:[0-9;]*m|\d*A|0?J|[0-2]?K|\?25[lh])/g;

/** `text` with every control character outside Atelier's own sequences shown as its code. */
export function guardedText(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(OWN_SEQUENCE)) {
    out += printable(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + printable(text.slice(last));
}

/**
 * The last line of defence against text a model chose: whatever a command prints passes through
 * here, so a file name or an error that slipped past the views' own escaping still cannot act.
 */
export function guardTerminal(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? guardedText(chunk) : chunk, ...rest)) as typeof stream.write;
}
