import { describe, expect, it } from 'vitest';
import { changeProblems } from './write-change.js';

const snapshot = new Map([
  ['src/store.js', 'export const a = 1;\n'],
  ['src/cli.js', 'import { a } from "./store.js";\n'],
]);

describe('changeProblems', () => {
  it('task: every owned file answered, by content or edit', () => {
    const rules = { mode: 'task' as const, ownedFiles: ['src/store.js', 'test/store.test.js'], snapshot };
    expect(changeProblems({ files: [{ path: 'src/store.js', content: 'x' }] }, rules)).toEqual(['files: the task owns "test/store.test.js" but the answer does not contain it']);
    expect(changeProblems({ files: [{ path: './test/store.test.js', content: 'x' }], edits: [{ path: 'src/store.js', search: '= 1', replace: '= 2' }] }, rules)).toEqual([]);
    expect(changeProblems({ files: [{ path: 'src/store.js', content: '  \n' }, { path: 'test/store.test.js', content: 'x' }] }, rules)).toEqual(['files[0]: "src/store.js" is empty']);
  });

  it('task: a file another task of the plan owns is not rewritten whole, whether or not it exists yet', () => {
    const rules = { mode: 'task' as const, ownedFiles: ['src/store.js'], othersOwn: ['src/cli.js', 'src/later.js'], snapshot };
    expect(changeProblems({ files: [{ path: 'src/store.js', content: 'x' }, { path: 'src/later.js', content: 'y' }] }, rules)).toEqual([
      'files[1]: "src/later.js" belongs to another task of the plan: leave it to that task, or change it with a small edit if it exists and you must',
    ]);
    expect(changeProblems({ files: [{ path: 'src/store.js', content: 'x' }], edits: [{ path: 'src/cli.js', search: 'import', replace: 'import ' }] }, rules)).toEqual([]);
  });

  it('rework: own and new files whole, another task’s file only by edit', () => {
    const rules = { mode: 'rework' as const, ownedFiles: ['src/store.js'], snapshot };
    expect(changeProblems({ files: [{ path: 'src/store.js', content: 'x' }, { path: 'src/new.js', content: 'y' }] }, rules)).toEqual([]);
    expect(changeProblems({ files: [{ path: 'src/cli.js', content: 'x' }] }, rules)).toEqual([
      'files[0]: "src/cli.js" belongs to another task: change it with a small edit if you must, not by rewriting it',
    ]);
  });

  it('fix: existing files only by exact edits that change something', () => {
    const rules = { mode: 'fix' as const, snapshot };
    expect(changeProblems({ files: [{ path: 'src/store.js', content: 'x' }] }, rules)).toEqual([
      'files[0]: "src/store.js" already exists: change it with edits (exact search and replace), not by rewriting the whole file',
    ]);
    expect(changeProblems({ files: [], edits: [{ path: 'src/store.js', search: 'a = 1', replace: 'a = 1' }] }, rules)).toEqual([
      'edits[0]: the replacement is the same as the search text, so the edit changes nothing',
    ]);
    expect(changeProblems({ files: [], edits: [{ path: '../x.js', search: 'a', replace: 'b' }] }, rules)).toEqual(['edits[0]: "../x.js" is not a relative path inside the project']);
    expect(changeProblems({ files: [], edits: [{ path: 'src/store.js', search: 'b = 1', replace: 'b = 2' }] }, rules)[0]).toMatch(/^edits\[0\] \(src\/store\.js\): the search text is not in the file/);
    expect(changeProblems({ files: [{ path: 'src/extra.js', content: 'new' }], edits: [{ path: 'src/store.js', search: 'a = 1', replace: 'a = 2' }] }, rules)).toEqual([]);
  });
});
