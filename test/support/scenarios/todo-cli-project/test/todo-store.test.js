import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTodoStore, defaultTodoFile, parseId, TodoError } from '../src/todo-store.js';

/** A store on a file in a fresh temporary folder, removed when the test ends. */
function freshStore(t) {
  const folder = mkdtempSync(join(tmpdir(), 'todo-store-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, 'todos.json');
  return { folder, file, store: createTodoStore(file) };
}

test('add gives increasing ids and saves the todos to the file', async (t) => {
  const { file, store } = freshStore(t);
  const first = await store.add('buy milk');
  const second = await store.add('walk the dog');
  assert.equal(first.id, 1);
  assert.equal(second.id, 2);
  assert.equal(first.done, false);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(saved.todos.map((todo) => todo.text), ['buy milk', 'walk the dog']);
  assert.equal(saved.nextId, 3);
});

test('add collapses whitespace and rejects empty text', async (t) => {
  const { store } = freshStore(t);
  assert.equal((await store.add('  call   mum \n')).text, 'call mum');
  await assert.rejects(store.add('   '), { name: 'TodoError', code: 'EMPTY_TEXT' });
  assert.equal((await store.list()).length, 1);
});

test('list hides completed todos unless all is true', async (t) => {
  const { store } = freshStore(t);
  await store.add('buy milk');
  await store.add('walk the dog');
  await store.complete(1);
  assert.deepEqual((await store.list()).map((todo) => todo.id), [2]);
  assert.deepEqual((await store.list({ all: true })).map((todo) => [todo.id, todo.done]), [[1, true], [2, false]]);
});

test('complete records when it happened and keeps the first time when repeated', async (t) => {
  const { store } = freshStore(t);
  await store.add('buy milk');
  const done = await store.complete('1');
  assert.equal(done.done, true);
  assert.ok(!Number.isNaN(Date.parse(done.completedAt)));
  const again = await store.complete(1);
  assert.equal(again.completedAt, done.completedAt);
});

test('remove deletes the todo and its id is never given again', async (t) => {
  const { store } = freshStore(t);
  await store.add('buy milk');
  await store.add('walk the dog');
  const removed = await store.remove(2);
  assert.equal(removed.text, 'walk the dog');
  const next = await store.add('water the plants');
  assert.equal(next.id, 3);
  assert.deepEqual((await store.list()).map((todo) => todo.id), [1, 3]);
});

test('unknown and malformed ids fail with a message naming the id', async (t) => {
  const { store } = freshStore(t);
  await store.add('buy milk');
  await assert.rejects(store.complete(7), (error) => {
    assert.ok(error instanceof TodoError);
    assert.equal(error.code, 'NOT_FOUND');
    assert.match(error.message, /no todo with id 7/);
    return true;
  });
  await assert.rejects(store.remove(42), { code: 'NOT_FOUND', message: /42/ });
  for (const bad of ['0', '-1', '1.5', 'abc', '']) {
    assert.throws(() => parseId(bad), { code: 'INVALID_ID' }, `parseId(${JSON.stringify(bad)})`);
  }
  assert.equal(parseId(' 12 '), 12);
});

test('a missing file is an empty list; a corrupt file is reported and left untouched', async (t) => {
  const { file, store } = freshStore(t);
  assert.deepEqual(await store.list({ all: true }), []);
  writeFileSync(file, '{ "todos": [ broken');
  await assert.rejects(store.add('buy milk'), { code: 'BAD_FILE', message: /is not valid JSON/ });
  assert.equal(readFileSync(file, 'utf8'), '{ "todos": [ broken');
  writeFileSync(file, '{ "todos": [{ "id": "one" }] }');
  await assert.rejects(store.list(), { code: 'BAD_FILE', message: /does not look like a todo list/ });
});

test('saving leaves exactly the data file behind, as formatted JSON', async (t) => {
  const { folder, file, store } = freshStore(t);
  for (const text of ['one', 'two', 'three']) await store.add(text);
  await store.remove(2);
  assert.deepEqual(readdirSync(folder), ['todos.json']);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.endsWith('}\n'));
  assert.equal(JSON.parse(text).todos.length, 2);
});

test('the data file is TODO_FILE when set, else todos.json in the current folder', () => {
  assert.equal(defaultTodoFile({}, '/home/ada'), join('/home/ada', 'todos.json'));
  assert.equal(defaultTodoFile({ TODO_FILE: 'lists/work.json' }, '/home/ada'), join('/home/ada', 'lists', 'work.json'));
  assert.equal(defaultTodoFile({ TODO_FILE: '/var/todo.json' }, '/home/ada'), '/var/todo.json');
  assert.equal(defaultTodoFile({ TODO_FILE: '  ' }, '/home/ada'), join('/home/ada', 'todos.json'));
});
