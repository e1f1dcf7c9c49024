/** The few Markdown constructs documents need, with the escaping each one requires. */

/** A heading is one line: newlines inside would end it. */
export function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${oneLine(text)}`;
}

export function oneLine(text: string): string {
  // Split and trim, not one regex: `\s*` around the newlines backtracks quadratically on long runs of spaces.
  return text
    .split(/[\r\n]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
}

/** A cell cannot hold a pipe (it would start a new column) or a newline (it would end the row). */
export function escapeTableCell(text: string): string {
  return text
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeTableCell).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A reduce, not Math.max(...runs): a text of a million backtick runs would overflow the call's arguments. */
function longestBacktickRun(text: string): number {
  return (text.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
}

/** A fence longer than any backtick run inside, so code containing ``` cannot close it early. */
export function codeBlock(code: string, language = ''): string {
  const longestRun = longestBacktickRun(code);
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

export function inlineCode(text: string): string {
  const value = oneLine(text);
  const longestRun = longestBacktickRun(value);
  const ticks = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${value}${pad}${ticks}`;
}

/** Items are indented so a multi-line item stays inside its bullet. */
export function bulletList(items: readonly string[], whenEmpty = '_None._'): string {
  if (items.length === 0) return whenEmpty;
  return items.map((item) => `- ${item.trim().replace(/\n/g, '\n  ')}`).join('\n');
}

export function numberedList(items: readonly string[], whenEmpty = '_None._'): string {
  if (items.length === 0) return whenEmpty;
  return items.map((item, index) => `${index + 1}. ${item.trim().replace(/\n/g, '\n   ')}`).join('\n');
}

export function blockquote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** A `##` section; empty bodies say so instead of leaving a bare heading. */
export function section(title: string, body: string, level = 2): string {
  const content = body.trim() === '' ? '_None._' : body.trim();
  return `${heading(level, title)}\n\n${content}`;
}

/** Joins blocks with one blank line between them and a final newline. */
export function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.filter((block) => block.trim() !== '').join('\n\n')}\n`;
}
