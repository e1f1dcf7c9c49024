import { describe, expect, it } from 'vitest';
import { parseLineCoverage } from './coverage.js';

describe('parseLineCoverage', () => {
  it('reads node --test, istanbul (vitest, jest) and pytest-cov totals', () => {
    expect(parseLineCoverage('# all files | 91.30 | 80.00 | 75.00 |')).toBe(91.3);
    expect(parseLineCoverage('All files |   88.5 |    70 |   100 |   87.25 |')).toBe(87.25);
    expect(parseLineCoverage('Name    Stmts   Miss  Cover\nTOTAL      120     10    92%')).toBe(92);
    expect(parseLineCoverage('# pass 3')).toBeUndefined();
  });
});
