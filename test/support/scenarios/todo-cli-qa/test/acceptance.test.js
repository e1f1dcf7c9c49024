import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

/** A fresh folder for one story, removed when its test ends. */
function workspace(t) {
  const folder = mkdtempSync(join(tmpdir(), 'todo-acceptance-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** Runs `todo` as the user would, in `cwd`, with TODO_FILE set only when `file` is given. */
function todo({ cwd, file }, ...args) {
  const { TODO_FILE: _unset, ...env } = process.env;
  if (file !== undefined) env.TODO_FILE = file;
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 10_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('story: add a todo with one command and get its id back', (t) => {
  const cwd = workspace(t);
  assert.deepEqual(todo({ cwd }, 'add', 'write', 'the', 'report'), { code: 0, stdout: 'Added 1: write the report\n', stderr: '' });
  assert.deepEqual(todo({ cwd }, 'add', 'call Ada'), { code: 0, stdout: 'Added 2: call Ada\n', stderr: '' });
});

test('story: list shows the open todos with their ids, in the order added', (t) => {
  const cwd = workspace(t);
  todo({ cwd }, 'add', 'first');
  todo({ cwd }, 'add', 'second');
  assert.deepEqual(todo({ cwd }, 'list'), { code: 0, stdout: '[ ] 1 first\n[ ] 2 second\n', stderr: '' });
});

test('story: done drops a todo from the list but keeps it in list --all', (t) => {
  const cwd = workspace(t);
  todo({ cwd }, 'add', 'first');
  todo({ cwd }, 'add', 'second');
  assert.equal(todo({ cwd }, 'done', '1').stdout, 'Completed 1: first\n');
  assert.equal(todo({ cwd }, 'list').stdout, '[ ] 2 second\n');
  assert.equal(todo({ cwd }, 'list', '--all').stdout, '[x] 1 first\n[ ] 2 second\n');
});

test('story: remove deletes a todo for good and its id is not reused', (t) => {
  const cwd = workspace(t);
  todo({ cwd }, 'add', 'typo');
  assert.equal(todo({ cwd }, 'remove', '1').stdout, 'Removed 1: typo\n');
  assert.equal(todo({ cwd }, 'list', '--all').stdout.startsWith('No todos yet'), true);
  assert.equal(todo({ cwd }, 'add', 'real one').stdout, 'Added 2: real one\n');
});

test('story: each folder has its own todos.json unless TODO_FILE names one', (t) => {
  const one = workspace(t);
  const two = workspace(t);
  todo({ cwd: one }, 'add', 'in one');
  assert.ok(existsSync(join(one, 'todos.json')));
  assert.match(todo({ cwd: two }, 'list').stdout, /^Nothing to do/);
  const shared = join(workspace(t), 'shared.json');
  todo({ cwd: one, file: shared }, 'add', 'shared');
  assert.equal(todo({ cwd: two, file: shared }, 'list').stdout, '[ ] 1 shared\n');
  assert.equal(JSON.parse(readFileSync(shared, 'utf8')).todos.length, 1);
});

test('story: scripts get exit 1 with a message on stderr for mistakes, and exit 2 with the usage for a wrong command line', (t) => {
  const cwd = workspace(t);
  const missing = todo({ cwd }, 'done', '42');
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /^todo: no todo with id 42/);
  const wrong = todo({ cwd }, 'frobnicate');
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /Usage: todo <command>/);
});
