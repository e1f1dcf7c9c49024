import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../config/builtin-dirs.js';
import { addGroup, addSeedCommands, namedCommand } from './commands/command-groups.js';
import { registerCostCommand } from './commands/cost-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerInspectCommands } from './commands/inspect-commands.js';
import { registerRunCommands } from './commands/run-command.js';
import { registerSandboxCommand } from './commands/sandbox-command.js';
import { EXIT_BAD_INPUT, reportError } from './report-error.js';
import { guardTerminal } from './terminal-guard.js';

const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };

/**
 * Every command, with its flags and help. A command's work (the engine, the store, the model
 * layer) loads when it runs, and the config and model command groups load only when named
 * (`args`, the command line after the program), so `--help` and `--version` load almost nothing.
 */
export async function buildProgram(setExit: (code: number) => void, args: readonly string[]): Promise<Command> {
  const named = namedCommand(args);
  const program = new Command()
    .name('atelier')
    .description('A software company made of LLM agents: an idea in, typed documents and a tested project out.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    // Before the subcommands are added: commander copies this setting into each one as it is created.
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  atelier demo                                   replay a recorded run offline
  atelier run --idea "a CLI that tracks my reading list"
  OPENAI_BASE_URL=http://localhost:11434/v1 atelier run --model llama3.1 --idea "…"
  atelier runs                                   list runs
  atelier show r-3f9a1c2e                        stages, documents, tokens, files
  atelier resume r-3f9a1c2e                      continue a stopped run
  atelier run --approve after_prd --idea "…"     stop for your approval after the PRD
  atelier demo --list                            the recorded demos (todo, expenses, bookmarks, game)

Models: set ANTHROPIC_API_KEY, OPENROUTER_API_KEY, OPENAI_API_KEY, or OPENAI_BASE_URL (+ --model).`,
    );
  registerRunCommands(program, setExit);
  registerInspectCommands(program);
  registerDemoCommand(program, setExit);
  for (const group of ['role', 'workflow', 'config', 'template', 'models'] as const) await addGroup(program, group, named);
  registerCostCommand(program);
  registerSandboxCommand(program);
  await addSeedCommands(program, named);
  return program;
}

// `atelier models list | head` closes the pipe early: stop quietly instead of printing a stack.
for (const stream of [process.stdout, process.stderr]) {
  guardTerminal(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

async function main(): Promise<void> {
  let code = 0;
  try {
    const program = await buildProgram((c) => (code = c), process.argv.slice(2));
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      code = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    } else {
      code = reportError(error);
    }
  }
  process.exitCode = code;
}

await main();
