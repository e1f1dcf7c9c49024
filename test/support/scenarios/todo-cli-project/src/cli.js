#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createTodoStore, defaultTodoFile, TodoError } from './todo-store.js';

const USAGE = `Usage: todo <command> [arguments]

Commands:
  add <text...>     add a todo and print its id
  list [--all]      show open todos; --all shows completed ones too
  done <id>         mark a todo as completed
  remove <id>       delete a todo
  help              show this help

Todos are kept in ./todos.json; set TODO_FILE to use another file.`;

const EXIT_OK = 0;
const EXIT_USER_ERROR = 1;
const EXIT_USAGE = 2;

/** The command line itself is wrong (unknown command, missing argument): exit 2 with the usage. */
class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

function formatTodo(todo) {
  return `[${todo.done ? 'x' : ' '}] ${todo.id} ${todo.text}`;
}

/** Parses one command's arguments; `count` is how many positionals it takes ('many' for one or more). */
function parseCommand(command, args, count, options = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${error.message}`);
  }
  const { positionals, values } = parsed;
  if (count === 'many' && positionals.length === 0) throw new UsageError(`${command} needs the text of the todo`);
  if (count === 1 && positionals.length !== 1) throw new UsageError(`${command} needs exactly one todo id`);
  if (count === 0 && positionals.length > 0) throw new UsageError(`${command} takes no arguments, got "${positionals.join(' ')}"`);
  return { positionals, values };
}

const commands = {
  async add(store, args) {
    const { positionals } = parseCommand('add', args, 'many');
    const todo = await store.add(positionals.join(' '));
    return `Added ${todo.id}: ${todo.text}`;
  },
  async list(store, args) {
    const { values } = parseCommand('list', args, 0, { all: { type: 'boolean', short: 'a' } });
    const todos = await store.list({ all: values.all === true });
    if (todos.length > 0) return todos.map(formatTodo).join('\n');
    return values.all ? 'No todos yet. Add one with: todo add <text>' : 'Nothing to do. Add a todo with: todo add <text>';
  },
  async done(store, args) {
    const { positionals } = parseCommand('done', args, 1);
    const todo = await store.complete(positionals[0]);
    return `Completed ${todo.id}: ${todo.text}`;
  },
  async remove(store, args) {
    const { positionals } = parseCommand('remove', args, 1);
    const todo = await store.remove(positionals[0]);
    return `Removed ${todo.id}: ${todo.text}`;
  },
};

/** Runs one command line and returns the exit code; expected errors become a message, never a stack trace. */
async function main(argv) {
  const [command, ...args] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  try {
    if (command === undefined) throw new UsageError('no command given');
    if (!Object.hasOwn(commands, command)) throw new UsageError(`unknown command "${command}"`);
    const output = await commands[command](createTodoStore(defaultTodoFile()), args);
    process.stdout.write(`${output}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`todo: ${error.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof TodoError ? error.message : `unexpected error: ${error.message}`;
    process.stderr.write(`todo: ${message}\n`);
    return EXIT_USER_ERROR;
  }
}

process.exitCode = await main(process.argv.slice(2));
