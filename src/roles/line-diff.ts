/**
 * Beyond this many cells of the table (changed lines before, times changed lines after, once the
 * common start and end are set aside) the diff costs too much to build; the caller shows the file.
 */
const MAX_CELLS = 4_000_000;
const CONTEXT_LINES = 3;

type Kind = ' ' | '-' | '+';
type Op = { kind: Kind; text: string; oldLine: number; newLine: number };

/** Each distinct line as a small number, so the table compares integers rather than strings. */
function lineIds(a: readonly string[], b: readonly string[]): { a: Int32Array; b: Int32Array } {
  const ids = new Map<string, number>();
  const idOf = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  return { a: Int32Array.from(a, idOf), b: Int32Array.from(b, idOf) };
}

/** The edit script between two line lists, from a longest-common-subsequence table. */
function editScript(oldLines: readonly string[], newLines: readonly string[]): Kind[] {
  // Only added or only removed lines: nothing to compare.
  if (oldLines.length === 0 || newLines.length === 0) return [...Array<Kind>(oldLines.length).fill('-'), ...Array<Kind>(newLines.length).fill('+')];
  const { a, b } = lineIds(oldLines, newLines);
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = a[i] === b[j] ? table[at(i + 1, j + 1)]! + 1 : Math.max(table[at(i + 1, j)]!, table[at(i, j + 1)]!);
    }
  }
  const kinds: Kind[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      kinds.push(' ');
      i++;
      j++;
    } else if (i < n && (j === m || table[at(i + 1, j)]! >= table[at(i, j + 1)]!)) {
      // Deletions before insertions, as diff and git print a replaced line.
      kinds.push('-');
      i++;
    } else {
      kinds.push('+');
      j++;
    }
  }
  return kinds;
}

/**
 * The changed lines with their context, or undefined when the change is too large to compare. The
 * common start and end are matched directly, as git does, so a small change to a long file costs
 * only its own lines; the table is built for the lines in between.
 */
function changedOps(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const oldMiddle = a.slice(prefix, a.length - suffix);
  const newMiddle = b.slice(prefix, b.length - suffix);
  if (oldMiddle.length > 0 && newMiddle.length > 0 && (oldMiddle.length + 1) * (newMiddle.length + 1) > MAX_CELLS) return undefined;

  const ops: Op[] = [];
  for (let k = Math.max(0, prefix - CONTEXT_LINES); k < prefix; k++) ops.push({ kind: ' ', text: a[k]!, oldLine: k + 1, newLine: k + 1 });
  let i = prefix;
  let j = prefix;
  for (const kind of editScript(oldMiddle, newMiddle)) {
    if (kind === ' ') ops.push({ kind, text: a[i]!, oldLine: ++i, newLine: ++j });
    else if (kind === '-') ops.push({ kind, text: a[i]!, oldLine: ++i, newLine: j });
    else ops.push({ kind, text: b[j]!, oldLine: i, newLine: ++j });
  }
  for (let k = 0; k < Math.min(CONTEXT_LINES, suffix); k++) ops.push({ kind: ' ', text: a[i + k]!, oldLine: i + k + 1, newLine: j + k + 1 });
  return ops;
}

/**
 * A unified diff of one file (`@@ -a,b +c,d @@` hunks with three lines of context), or
 * undefined when nothing changed or the change is too large to compare line by line.
 */
export function unifiedDiff(path: string, before: string, after: string): string | undefined {
  if (before === after) return undefined;
  const ops = changedOps(before.split('\n'), after.split('\n'));
  if (ops === undefined) return undefined;
  const changed: number[] = [];
  ops.forEach((op, index) => op.kind !== ' ' && changed.push(index));
  if (changed.length === 0) return undefined;

  const hunks: string[] = [];
  let index = 0;
  while (index < changed.length) {
    const start = Math.max(0, changed[index]! - CONTEXT_LINES);
    let end = changed[index]! + CONTEXT_LINES;
    while (index + 1 < changed.length && changed[index + 1]! - CONTEXT_LINES <= end + 1) end = changed[++index]! + CONTEXT_LINES;
    index++;
    const slice = ops.slice(start, Math.min(ops.length, end + 1));
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const first = slice[0]!;
    const oldStart = first.kind === '+' ? first.oldLine + (oldCount > 0 ? 1 : 0) : first.oldLine;
    const newStart = first.kind === '-' ? first.newLine + (newCount > 0 ? 1 : 0) : first.newLine;
    // One push per line: spreading a hunk of a long insertion would overflow the call's arguments.
    hunks.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const op of slice) hunks.push(`${op.kind}${op.text}`);
  }
  return [`--- a/${path}`, `+++ b/${path}`, ...hunks].join('\n');
}
