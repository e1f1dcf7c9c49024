import { describe, expect, it } from 'vitest';
import { importsProjectFile, moduleNames } from './document-role.js';

describe('importsProjectFile', () => {
  const stems = new Set(['todo-store', 'store']);

  it('finds an ES import, a re-export, a require and a Python import of another project file', () => {
    expect(importsProjectFile("import { createTodoStore } from './todo-store.js';", stems)).toBe(true);
    expect(importsProjectFile("export { parseId } from './todo-store.js';", stems)).toBe(true);
    expect(importsProjectFile("const { add } = require('../lib/todo-store');", stems)).toBe(true);
    expect(importsProjectFile('from todo.store import Store', stems)).toBe(true);
    expect(importsProjectFile('import store', stems)).toBe(true);
  });

  it('does not count built-ins, packages, or a project name outside an import line', () => {
    expect(importsProjectFile("import { readFile } from 'node:fs/promises';\nimport express from 'express';", stems)).toBe(false);
    expect(importsProjectFile('// the store keeps todo-store.json', stems)).toBe(false);
    expect(importsProjectFile('const store = createStore();', stems)).toBe(false);
  });

  it('finds the imports a formatter spreads over lines, dynamic imports, padded lines and folder imports', () => {
    expect(importsProjectFile("import {\n  createTodoStore,\n  parseId,\n} from './todo-store.js';", stems)).toBe(true);
    expect(importsProjectFile("const { add } = await import('./todo-store.js');", stems)).toBe(true);
    expect(importsProjectFile(`${' '.repeat(1_000)}import x from './todo-store.js';`, stems)).toBe(true);
    expect(importsProjectFile("import { helper } from './lib';", new Set(moduleNames('src/lib/index.js')))).toBe(true);
  });

  it('reads a hostile file without backtracking (quadratic work on this megabyte would outlast the test)', () => {
    const hostile = `from${' '.repeat(200_000)}x\n`.repeat(5) + `import${'('.repeat(100_000)}`;
    expect(importsProjectFile(hostile, stems)).toBe(false);
  });
});
