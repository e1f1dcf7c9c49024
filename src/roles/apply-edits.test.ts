import { describe, expect, it } from 'vitest';
import { applyEdits } from './apply-edits.js';

const files = new Map([
  ['src/a.js', 'const a = 1;\nconst b = 2;\nconst c = 2;\n'],
  ['src/b.js', 'export const x = 1;\n'],
]);
const current = (path: string) => files.get(path);

describe('applyEdits', () => {
  it('applies edits in order, each on the result of the ones before', () => {
    const result = applyEdits(
      [
        { path: 'src/a.js', search: 'const a = 1;', replace: 'const a = 10;' },
        { path: './src/a.js', search: 'const a = 10;\nconst b', replace: 'const a = 11;\nconst b' },
        { path: 'src/b.js', search: 'x = 1', replace: 'x = $1$&' },
      ],
      current,
    );
    expect(result.problems).toEqual([]);
    expect(result.contents.get('src/a.js')).toBe('const a = 11;\nconst b = 2;\nconst c = 2;\n');
    // Replacement text is literal: `$&` and `$1` are not expanded.
    expect(result.contents.get('src/b.js')).toBe('export const x = $1$&;\n');
  });

  it('refuses an ambiguous, a missing, a whitespace-different search and an unknown file, saying how to correct each', () => {
    const result = applyEdits(
      [
        { path: 'src/a.js', search: '= 2;', replace: '= 3;' },
        { path: 'src/a.js', search: 'const d = 4;', replace: '' },
        { path: 'src/a.js', search: 'const  a = 1;', replace: '' },
        { path: 'src/new.js', search: 'x', replace: 'y' },
      ],
      current,
    );
    expect(result.problems).toEqual([
      'edits[0] (src/a.js): the search text occurs 2 times; include more of the surrounding lines so it matches exactly once',
      'edits[1] (src/a.js): the search text is not in the file; copy it exactly from the current content shown above (earlier edits in this answer are already applied)',
      'edits[2] (src/a.js): the search text differs from the file in whitespace or indentation; copy it exactly from the current file',
      'edits[3] (src/new.js): the file does not exist; a new file goes under "files" with its whole content',
    ]);
    expect(result.contents.size).toBe(0);
  });
});
