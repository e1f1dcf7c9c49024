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
 * vitest/jest (`Tests  3 passed | 1 failed`), pytest (`3 passed, 1 failed`), unittest
 * (`Ran 4 tests` + `FAILED (failures=1)`). Undefined when nothing recognisable was printed.
 */
export function parseTestTotals(output: string): TestTotals | undefined {
  const tap = (label: string): number | undefined => {
    const match = new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output);
    return match ? Number(match[1]) : undefined;
  };
  const tapPass = tap('pass');
  if (tapPass !== undefined) {
    return { passed: tapPass, failed: tap('fail') ?? 0, skipped: (tap('skipped') ?? 0) + (tap('todo') ?? 0) };
  }

  const vitest = /Tests\s+(.*)$/m.exec(output);
  if (vitest && /\d+ (passed|failed)/.test(vitest[1]!)) return countWords(vitest[1]!);

  const pytest = /=+ (.*?(?:passed|failed).*?) in [\d.]+s/m.exec(output);
  if (pytest) return countWords(pytest[1]!);

  const ran = /^Ran (\d+) tests?/m.exec(output);
  if (ran) {
    const total = Number(ran[1]);
    const failures = /FAILED \((.*)\)/.exec(output)?.[1] ?? '';
    const failed = [...failures.matchAll(/(?:failures|errors)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const skipped = Number(/skipped=(\d+)/.exec(failures)?.[1] ?? 0);
    return { passed: total - failed - skipped, failed, skipped };
  }
  return undefined;
}

function countWords(summary: string): TestTotals {
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed') + count('errors?'), skipped: count('skipped') };
}

/** Names of failing tests with their first lines of explanation (node --test TAP). */
export function parseTapFailures(output: string, limit = 20): TestFailure[] {
  const failures: TestFailure[] = [];
  const lines = output.split('\n');
  lines.forEach((line, index) => {
    const match = /^\s*not ok \d+ - (.*)$/.exec(line);
    if (!match || failures.length >= limit) return;
    const detail = lines.slice(index + 1, index + 12).find((l) => /error:|message:|Expected|AssertionError/.test(l));
    failures.push({ name: match[1]!.trim(), message: (detail ?? '').trim().slice(0, 500) });
  });
  // A failing suite repeats its failing subtests; keep each name once.
  return failures.filter((f, i) => failures.findIndex((g) => g.name === f.name) === i);
}
