import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export const DEFAULT_FILE_NAME = 'todos.json';

/** A mistake the user can fix (empty text, unknown id, broken data file); the CLI prints it and exits 1. */
export class TodoError extends Error {
  /** @param {string} message @param {'EMPTY_TEXT' | 'INVALID_ID' | 'NOT_FOUND' | 'BAD_FILE'} code */
  constructor(message, code) {
    super(message);
    this.name = 'TodoError';
    this.code = code;
  }
}

/**
 * @typedef {{ id: number, text: string, done: boolean, createdAt: string, completedAt: string | null }} Todo
 * @typedef {{ nextId: number, todos: Todo[] }} TodoFile
 */

/** The data file: $TODO_FILE when set, else todos.json in the current folder. */
export function defaultTodoFile(env = process.env, cwd = process.cwd()) {
  const fromEnv = env.TODO_FILE?.trim();
  return resolve(cwd, fromEnv ? fromEnv : DEFAULT_FILE_NAME);
}

/** A todo id from the command line or code: a whole number from 1 up. */
export function parseId(value) {
  const text = String(value).trim();
  if (!/^[1-9][0-9]*$/.test(text)) {
    throw new TodoError(`"${value}" is not a todo id: use the number shown by "todo list"`, 'INVALID_ID');
  }
  return Number(text);
}

function emptyFile() {
  return { nextId: 1, todos: [] };
}

function isTodo(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isInteger(value.id) &&
    value.id > 0 &&
    typeof value.text === 'string' &&
    typeof value.done === 'boolean'
  );
}

/** Checks the parsed JSON has our shape, so a hand-edited file fails with a message instead of a crash later. */
function toTodoFile(data, path) {
  if (typeof data !== 'object' || data === null || !Array.isArray(data.todos) || !data.todos.every(isTodo)) {
    throw new TodoError(`${path} does not look like a todo list: fix it or move it away to start a new list`, 'BAD_FILE');
  }
  // Ids are never reused, even after a remove, so nextId stays above every id ever given.
  const highest = data.todos.reduce((max, todo) => Math.max(max, todo.id), 0);
  const nextId = Number.isInteger(data.nextId) && data.nextId > highest ? data.nextId : highest + 1;
  return { nextId, todos: data.todos };
}

function findTodo(data, id) {
  const wanted = parseId(id);
  const index = data.todos.findIndex((todo) => todo.id === wanted);
  if (index === -1) {
    throw new TodoError(`no todo with id ${wanted}: run "todo list --all" to see the ids`, 'NOT_FOUND');
  }
  return index;
}

/** A todo list kept in one JSON file; every change is read, applied and written back atomically. */
export function createTodoStore(file = defaultTodoFile()) {
  const path = resolve(file);

  /** @returns {Promise<TodoFile>} an empty list when the file does not exist yet */
  async function load() {
    let text;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (error.code === 'ENOENT') return emptyFile();
      throw new TodoError(`cannot read ${path}: ${error.message}`, 'BAD_FILE');
    }
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new TodoError(`${path} is not valid JSON (${error.message}): fix it or move it away to start a new list`, 'BAD_FILE');
    }
    return toTodoFile(data, path);
  }

  /** Writes a temporary file next to the list, then renames it over the list: a crash never leaves half a file. */
  async function save(data) {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async function update(change) {
    const data = await load();
    const result = change(data);
    await save(data);
    return result;
  }

  return {
    file: path,
    load,
    save,

    /** Adds a todo and returns it; whitespace is collapsed so each todo stays on one line. */
    add(text) {
      const clean = String(text ?? '').replace(/\s+/g, ' ').trim();
      if (clean === '') {
        return Promise.reject(new TodoError('todo text is empty: say what needs doing, e.g. todo add "buy milk"', 'EMPTY_TEXT'));
      }
      return update((data) => {
        const todo = { id: data.nextId, text: clean, done: false, createdAt: new Date().toISOString(), completedAt: null };
        data.todos.push(todo);
        data.nextId += 1;
        return todo;
      });
    },

    /** Open todos in the order they were added; completed ones too when `all` is true. */
    async list({ all = false } = {}) {
      const { todos } = await load();
      return all ? todos : todos.filter((todo) => !todo.done);
    },

    /** Marks a todo as done and returns it; completing it again keeps the first completion time. */
    complete(id) {
      return update((data) => {
        const todo = data.todos[findTodo(data, id)];
        if (!todo.done) {
          todo.done = true;
          todo.completedAt = new Date().toISOString();
        }
        return todo;
      });
    },

    /** Deletes a todo and returns what was deleted. */
    remove(id) {
      return update((data) => data.todos.splice(findTodo(data, id), 1)[0]);
    },
  };
}
