import { describe, expect, it } from 'vitest';
import { OUTLINE_OVER_CHARS, outlineFile, testNames } from './source-outline.js';

const padding = (n: number) => `${'// filler line for length\n'.repeat(Math.ceil(n / 26))}`;

describe('outlineFile', () => {
  it('shows a short file whole (no outline)', () => {
    expect(outlineFile('src/a.js', 'export function a() { return 1; }\n')).toBeUndefined();
  });

  it('keeps a long module exports, their doc comments and exported class methods, without bodies', () => {
    const source = [
      '/** Adds a todo and returns it. */',
      'export function addTodo(store, title) {',
      '  const secretBody = "never shown";',
      '  return store.push(title);',
      '}',
      'function helper() {',
      '  return "private";',
      '}',
      'export class TodoStore {',
      '  constructor(path) {',
      '    this.path = path;',
      '  }',
      '  async load() {',
      '    return [];',
      '  }',
      '}',
      padding(OUTLINE_OVER_CHARS),
    ].join('\n');
    const outline = outlineFile('src/todo-store.js', source)!;
    expect(outline).toContain('/** Adds a todo and returns it. */\nexport function addTodo(store, title)');
    expect(outline).toContain('export class TodoStore');
    expect(outline).toContain('  constructor(path)');
    expect(outline).toContain('  async load()');
    expect(outline).not.toContain('secretBody');
    expect(outline).not.toContain('helper');
    expect(outline.length).toBeLessThan(source.length / 4);
  });

  it('keeps a Python module public functions and classes with the first docstring line', () => {
    const source = [
      'class Ledger:',
      '    """Expenses kept in a CSV file."""',
      '    def __init__(self, path):',
      '        self.path = path',
      '    def _private(self):',
      '        pass',
      'def total(rows):',
      '    """The sum of the amounts."""',
      '    return sum(r.amount for r in rows)',
      `# ${'x'.repeat(OUTLINE_OVER_CHARS)}`,
    ].join('\n');
    const outline = outlineFile('tracker/ledger.py', source)!;
    expect(outline.split('\n')).toEqual(['class Ledger:', '    """Expenses kept in a CSV file."""', '    def __init__(self, path):', 'def total(rows):', '    """The sum of the amounts."""']);
  });

  it('shows a long test file as its case names', () => {
    const source = `import test from 'node:test';\ntest('adds a todo', () => {});\nit.skip("lists \\"all\\" todos", () => {});\n${padding(OUTLINE_OVER_CHARS)}`;
    expect(outlineFile('test/todo.test.js', source)).toBe('Test cases of test/todo.test.js:\n- adds a todo\n- lists \\"all\\" todos');
    expect(testNames('tests/test_ledger.py', 'def test_total():\n    pass\nasync def test_load(tmp_path):\n')).toEqual(['test_total', 'test_load']);
  });

  it('falls back to the whole file for a language it does not know or a file with nothing to outline', () => {
    expect(outlineFile('src/main.go', `package main\n${'x'.repeat(OUTLINE_OVER_CHARS)}`)).toBeUndefined();
    expect(outlineFile('src/script.js', `console.log(1);\n${padding(OUTLINE_OVER_CHARS)}`)).toBeUndefined();
  });

  it('stays linear on hostile generated code (a test name of backslashes with no closing quote)', () => {
    const hostile = `test('${'\\'.repeat(60_000)}\n`.repeat(3) + padding(OUTLINE_OVER_CHARS);
    const started = performance.now();
    expect(outlineFile('test/evil.test.js', hostile)).toBeUndefined();
    // A backtracking pattern takes minutes on this input; a correct one, milliseconds.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('stays fast on a hostile export line and cuts it short in the outline', () => {
    const hostile = `export const a =${' '.repeat(200_000)}x\nexport class B {\n  a(${'):'.repeat(50_000)}\n}\n${padding(OUTLINE_OVER_CHARS)}`;
    const started = performance.now();
    const outline = outlineFile('src/evil.js', hostile);
    expect(performance.now() - started).toBeLessThan(5_000);
    for (const line of (outline ?? '').split('\n')) expect(line.length).toBeLessThanOrEqual(203);
  });
});
