import { describe, expect, it } from 'vitest';
import { importsProjectFile } from './document-role.js';

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

  it('ignores a line too long to be an import, so a hostile file cannot make it slow', () => {
    expect(importsProjectFile(`import x from './todo-store.js'; ${'a'.repeat(1_000)}`, stems)).toBe(false);
  });
});
