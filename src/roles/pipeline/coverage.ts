/**
 * Line coverage as the common runners print it: node --test's `# all files | 91.30 | …` (line %
 * first), istanbul/vitest's `All files | stmts | branch | funcs | lines |` and pytest-cov's
 * `TOTAL … 91%`. Undefined when the run did not measure coverage.
 */
export function parseLineCoverage(output: string): number | undefined {
  const node = /^# all files\s*\|\s*([\d.]+)/m.exec(output);
  if (node) return percent(node[1]);
  const istanbul = /^\s*All files\s*\|\s*[\d.]+\s*\|\s*[\d.]+\s*\|\s*[\d.]+\s*\|\s*([\d.]+)/m.exec(output);
  if (istanbul) return percent(istanbul[1]);
  const pytest = /^TOTAL\s+.*?(\d+(?:\.\d+)?)%\s*$/m.exec(output);
  if (pytest) return percent(pytest[1]);
  return undefined;
}

function percent(text: string | undefined): number | undefined {
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= 100 ? Math.round(value * 100) / 100 : undefined;
}
