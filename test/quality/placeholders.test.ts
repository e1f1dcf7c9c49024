import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, scanForPlaceholders } from '../../bench/quality/placeholders.js';

const rules = (path: string, text: string) => findPlaceholders(path, text).map((p) => `${p.line}:${p.rule}`);

describe('findPlaceholders in JavaScript and TypeScript', () => {
  it('flags TODO and FIXME markers in comments, and comments that stand in for code', () => {
    const text = [
      'const a = 1; // TODO: validate the input',
      '// FIXME handle an empty list',
      '/* TODO(ana) */',
      ' * XXX: not thread safe',
      'function save() {',
      '  // implement me',
      '}',
      '// your code goes here',
      '// ...',
      '// ... rest of the handlers',
    ].join('\n');
    expect(rules('src/a.ts', text)).toEqual(['1:todo-comment', '2:todo-comment', '3:todo-comment', '4:todo-comment', '6:unimplemented-comment', '8:unimplemented-comment', '9:elided-code', '10:elided-code']);
  });

  it('flags a not-implemented throw and an ellipsis body', () => {
    const text = ["export function load() { throw new Error('Not implemented yet'); }", 'function add(a, b) { ... }', '  …'].join('\n');
    expect(rules('src/a.js', text)).toEqual(['1:not-implemented-error', '2:elided-code', '3:elided-code']);
  });

  it('leaves finished code alone: a todo app, TODO in strings, TODO_FILE, a spread, a URL', () => {
    const text = [
      "const file = process.env.TODO_FILE ?? 'todos.json'; // TODO_FILE overrides the path",
      "console.log('TODO: buy milk');",
      '// Adds a TODO to the list and prints its id',
      'const merged = { ...defaults, ...options };',
      "const url = 'https://example.com/a//b'; // the docs",
      'function noop() {}',
      "throw new Error('the list is empty');",
    ].join('\n');
    expect(rules('src/todo.js', text)).toEqual([]);
  });
});

describe('findPlaceholders in Python', () => {
  it('flags a function whose whole body is pass, ... or raise NotImplementedError, docstring or not', () => {
    const text = [
      'def load(path):',
      '    """Read the file."""',
      '    pass',
      '',
      'def save(path,',
      '         items) -> None:',
      '    ...',
      '',
      'async def fetch(url: str) -> dict[str, int]:',
      '    # later',
      '    raise NotImplementedError("fetch")',
      '',
      'def total(items): pass',
      '',
      'def parse(text):  # TODO: dates',
      '    return text.split()',
    ].join('\n');
    expect(rules('app/store.py', text)).toEqual(['1:empty-function-body', '5:empty-function-body', '9:empty-function-body', '13:empty-function-body', '15:todo-comment']);
  });

  it('leaves empty exception classes, except: pass, abstract methods, overloads and protocols alone', () => {
    const text = [
      'from abc import ABC, abstractmethod',
      'from typing import Protocol, overload',
      '',
      'class StoreError(Exception):',
      '    pass',
      '',
      'class Store(ABC):',
      '    @abstractmethod',
      '    def load(self):',
      '        raise NotImplementedError',
      '',
      'class Reader(Protocol):',
      '    def read(self) -> str: ...',
      '',
      '@overload',
      'def parse(text: str) -> int: ...',
      'def parse(text):',
      '    try:',
      '        return int(text)',
      '    except ValueError:',
      '        pass',
      '    return 0',
      '',
      'def describe():',
      '    """A docstring that mentions pass and ... is no body."""',
      '    return "pass"',
    ].join('\n');
    expect(rules('app/store.py', text)).toEqual([]);
  });

  it('flags comments in shell scripts and HTML but not a shebang', () => {
    expect(rules('run.sh', '#!/bin/sh\n# TODO: check the exit code\nexec node src/cli.js "$@"')).toEqual(['2:todo-comment']);
    expect(rules('index.html', '<main>\n  <!-- TODO: the score board -->\n</main>')).toEqual(['2:todo-comment']);
  });
});

describe('scanForPlaceholders', () => {
  it('reads only code: a TODO in the README or a JSON file does not count', () => {
    const result = scanForPlaceholders([
      { path: 'README.md', text: 'TODO: write the docs' },
      { path: 'package.json', text: '{"description": "TODO"}' },
      { path: 'src/cli.js', text: 'export const run = () => 0;\n' },
    ]);
    expect(result).toEqual({ codeFiles: 1, placeholders: [] });
  });

  it('finds nothing in the finished projects of the scripted scenarios (four stacks)', () => {
    const scenarios = fileURLToPath(new URL('../support/scenarios/', import.meta.url));
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (name === 'node_modules' ? [] : statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
    const projects = readdirSync(scenarios).filter((name) => name.endsWith('-project') && statSync(join(scenarios, name)).isDirectory());
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) {
      const root = join(scenarios, project);
      const result = scanForPlaceholders(walk(root).map((file) => ({ path: relative(root, file), text: readFileSync(file, 'utf8') })));
      expect(result.codeFiles, project).toBeGreaterThan(0);
      expect(result.placeholders, project).toEqual([]);
    }
  });
});
