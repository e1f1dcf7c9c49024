export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
}

export interface TestFailure {
  name: string;
  message: string;
}

/**
 * Reads totals from the summaries the common runners print: node --test (TAP `# pass N`),
 * vitest/jest (`Tests  3 passed | 1 failed`), pytest (`3 passed, 1 failed`, with or without -q), unittest
 * (`Ran 4 tests` + `FAILED (failures=1)`). Undefined when nothing recognisable was printed.
 */
export function parseTestTotals(output: string): TestTotals | undefined {
  const tap = (label: string): number | undefined => {
    const match = new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output);
    return match ? Number(match[1]) : undefined;
  };
  const tapPass = tap('pass');
  if (tapPass !== undefined) {
    return { passed: tapPass, failed: (tap('fail') ?? 0) + (tap('cancelled') ?? 0), skipped: (tap('skipped') ?? 0) + (tap('todo') ?? 0) };
  }

  const vitest = /Tests\s+(.*)$/m.exec(output);
  if (vitest && /\d+ (passed|failed)/.test(vitest[1]!)) return countWords(vitest[1]!);

  // pytest's last line: `===== 3 passed, 1 failed in 0.12s =====`, or bare under -q: `3 passed, 1 failed in 0.12s`.
  const pytest = [...output.matchAll(/(?:=+ |^)(\d+ \w+(?:, \d+ \w+)*) in [\d.]+s\b/gm)].map((match) => match[1]!).filter((summary) => /\b(passed|failed|errors?)\b/.test(summary)).at(-1);
  if (pytest !== undefined) return countWords(pytest);

  const ran = /^Ran (\d+) tests?/m.exec(output);
  if (ran) {
    const total = Number(ran[1]);
    const failures = /FAILED \((.*)\)/.exec(output)?.[1] ?? '';
    const failed = [...failures.matchAll(/(?:failures|errors)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const skipped = Number(/skipped=(\d+)/.exec(output)?.[1] ?? 0);
    return { passed: total - failed - skipped, failed, skipped };
  }
  return undefined;
}

function countWords(summary: string): TestTotals {
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed') + count('errors?'), skipped: count('skipped') };
}

/** A parent test that failed only because a subtest did: its own message says nothing new. */
const ONLY_SUBTESTS = /^\d+ subtests? failed$/;

/**
 * Failing tests with their error message: node --test TAP (`not ok N - name` and the YAML block
 * after it, whose `error:` may span several lines), else pytest's `FAILED file::test - message`.
 */
export function parseTestFailures(output: string, limit = 20): TestFailure[] {
  const failures: TestFailure[] = [];
  const lines = output.split('\n');
  lines.forEach((line, index) => {
    const match = /^(\s*)not ok \d+ - (.*)$/.exec(line);
    if (!match || failures.length >= limit) return;
    const message = tapErrorMessage(lines, index + 1);
    if (ONLY_SUBTESTS.test(message)) return;
    failures.push({ name: match[2]!.replace(/\s+#\s*(TODO|SKIP).*$/i, '').trim(), message: message || 'failed (no message printed)' });
  });
  for (const line of lines) {
    const pytest = /^FAILED (\S+)(?: - (.*))?$/.exec(line.trim());
    if (pytest && failures.length < limit) failures.push({ name: pytest[1]!, message: (pytest[2] ?? 'failed').slice(0, 500) });
  }
  // A failing suite repeats its failing subtests; keep each name once.
  return failures.filter((f, i) => failures.findIndex((g) => g.name === f.name) === i);
}

/** The `error:` of the YAML block starting at `from`, joined onto one line and cut to 500 characters. */
function tapErrorMessage(lines: string[], from: number): string {
  if (!/^\s*---\s*$/.test(lines[from] ?? '')) return '';
  for (let i = from + 1; i < lines.length && !/^\s*\.\.\.\s*$/.test(lines[i]!); i++) {
    const key = /^(\s*)error:\s*(.*)$/.exec(lines[i]!);
    if (!key) continue;
    const indent = key[1]!.length;
    const inline = key[2]!.trim();
    if (inline !== '' && !/^[|>][-+]?$/.test(inline)) return unquote(inline).slice(0, 500);
    const block: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const text = lines[j]!;
      if (text.trim() !== '' && text.length - text.trimStart().length <= indent) break;
      if (text.trim() !== '') block.push(text.trim());
    }
    return block.join(' ').slice(0, 500);
  }
  return '';
}

function unquote(text: string): string {
  return /^'.*'$|^".*"$/.test(text) ? text.slice(1, -1).replace(/''/g, "'") : text;
}
