/** Beyond this many line pairs the table would be too large to build; the caller shows the whole file. */
const MAX_CELLS = 4_000_000;
const CONTEXT_LINES = 3;

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

/** The edit script between two line lists, from a longest-common-subsequence table. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = a[i] === b[j] ? table[at(i + 1, j + 1)]! + 1 : Math.max(table[at(i + 1, j)]!, table[at(i, j + 1)]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || table[at(i + 1, j)]! >= table[at(i, j + 1)]!)) {
      // Deletions before insertions, as diff and git print a replaced line.
      ops.push({ kind: '-', text: a[i]!, oldLine: i + 1, newLine: j });
      i++;
    } else {
      ops.push({ kind: '+', text: b[j]!, oldLine: i, newLine: j + 1 });
      j++;
    }
  }
  return ops;
}

/**
 * A unified diff of one file (`@@ -a,b +c,d @@` hunks with three lines of context), or
 * undefined when nothing changed or the files are too long to compare line by line.
 */
export function unifiedDiff(path: string, before: string, after: string): string | undefined {
  if (before === after) return undefined;
  const a = before.split('\n');
  const b = after.split('\n');
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return undefined;
  const ops = editScript(a, b);
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
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
    hunks.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...slice.map((op) => `${op.kind}${op.text}`));
  }
  return [`--- a/${path}`, `+++ b/${path}`, ...hunks].join('\n');
}
