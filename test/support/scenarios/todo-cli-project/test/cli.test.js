import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

/** A fresh folder for the test's todo file, removed when the test ends. */
function freshFolder(t) {
  const folder = mkdtempSync(join(tmpdir(), 'todo-cli-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Runs the CLI as a user would, on the given todo file; returns its exit code and output. */
function todo(file, ...args) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, TODO_FILE: file },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('add then list shows the todo unchecked', (t) => {
  const file = join(freshFolder(t), 'todos.json');
  assert.deepEqual(todo(file, 'add', 'buy', 'milk'), { code: 0, stdout: 'Added 1: buy milk\n', stderr: '' });
  todo(file, 'add', 'walk the dog');
  assert.equal(todo(file, 'list').stdout, '[ ] 1 buy milk\n[ ] 2 walk the dog\n');
  assert.ok(existsSync(file));
});

test('done checks a todo: list hides it, list --all shows it with [x]', (t) => {
  const file = join(freshFolder(t), 'todos.json');
  todo(file, 'add', 'buy milk');
  todo(file, 'add', 'walk the dog');
  assert.deepEqual(todo(file, 'done', '1'), { code: 0, stdout: 'Completed 1: buy milk\n', stderr: '' });
  assert.equal(todo(file, 'list').stdout, '[ ] 2 walk the dog\n');
  assert.equal(todo(file, 'list', '--all').stdout, '[x] 1 buy milk\n[ ] 2 walk the dog\n');
});

test('remove deletes a todo and an empty list says so', (t) => {
  const file = join(freshFolder(t), 'todos.json');
  todo(file, 'add', 'buy milk');
  assert.equal(todo(file, 'remove', '1').stdout, 'Removed 1: buy milk\n');
  const list = todo(file, 'list');
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^Nothing to do/);
});

test('user errors exit 1 with a message on stderr and change nothing', (t) => {
  const file = join(freshFolder(t), 'todos.json');
  todo(file, 'add', 'buy milk');
  const unknown = todo(file, 'done', '9');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /^todo: no todo with id 9/);
  assert.equal(todo(file, 'remove', 'abc').code, 1);
  const empty = todo(file, 'add', '  ');
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /todo text is empty/);
  assert.equal(todo(file, 'list').stdout, '[ ] 1 buy milk\n');
});

test('usage mistakes exit 2 and print the usage on stderr', (t) => {
  const file = join(freshFolder(t), 'todos.json');
  for (const args of [[], ['frobnicate'], ['add'], ['done'], ['done', '1', '2'], ['list', '--bogus']]) {
    const result = todo(file, ...args);
    assert.equal(result.code, 2, `todo ${args.join(' ')}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Usage: todo <command>/);
  }
  assert.equal(existsSync(file), false);
});

test('help prints the usage on stdout and exits 0', (t) => {
  const file = join(freshFolder(t), 'todos.json');
  for (const word of ['help', '--help', '-h']) {
    const result = todo(file, word);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: todo <command>/);
    assert.match(result.stdout, /done <id>/);
  }
});

test('without TODO_FILE the list lives in todos.json in the current folder', (t) => {
  const folder = freshFolder(t);
  const { TODO_FILE: _ignored, ...env } = process.env;
  const result = spawnSync(process.execPath, [CLI, 'add', 'buy milk'], { cwd: folder, env, encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 0);
  assert.ok(existsSync(join(folder, 'todos.json')));
});
