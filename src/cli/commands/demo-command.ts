import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { packageRoot } from '../../config/builtin-dirs.js';
import { projectNameFromIdea } from '../../engine/projects.js';
import { UsageError } from '../usage-error.js';

/** The bundled recording: the idea it was recorded with and the cassette that answers it. */
export async function loadDemo(dir = join(packageRoot(), 'examples', 'demo')) {
  const { z } = await import('zod');
  const demoSchema = z.object({ idea: z.string().min(1), workflow: z.string(), cassette: z.string(), try: z.array(z.string()) });
  const file = join(dir, 'demo.json');
  const demo = demoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { ...demo, cassette: join(dir, demo.cassette) };
}

/** The replayed prompts include what the folder already holds, so the demo needs an empty one. */
function freshProjectDir(cwd: string, name: string): string {
  for (let n = 1; ; n++) {
    const dir = resolve(cwd, 'workspace', n === 1 ? name : `${name}-${n}`);
    if (!existsSync(dir)) return dir;
  }
}

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('replay a recorded run of the whole company, offline, no key needed')
    .option('--project <dir>', 'an empty or new folder for the demo project (default: ./workspace/<name>)')
    .option('--json', 'print one JSON event per line instead of the progress view')
    .action(async (flags: { project?: string; json?: boolean }) => {
      const demo = await loadDemo();
      const [{ startRun }, { watchRun }] = await Promise.all([import('../../engine/index.js'), import('../watch-run.js')]);
      const cwd = process.cwd();
      const projectDir = flags.project ? resolve(cwd, flags.project) : freshProjectDir(cwd, projectNameFromIdea(demo.idea));
      if (flags.project && existsSync(projectDir) && readdirSync(projectDir).length > 0) {
        throw new UsageError(`the demo needs an empty folder, and ${projectDir} is not empty; choose another --project`);
      }
      if (!flags.json) process.stdout.write(`${pc.bold('Atelier demo')}: replaying a recorded run, offline.\nIdea: ${demo.idea}\n\n`);
      const { code } = await watchRun(
        (hooks) => startRun({ idea: demo.idea, workflow: demo.workflow, cwd, projectDir, concurrency: 4, model: null, builtinOnly: true, modelSettings: { replay: demo.cassette } }, hooks),
        { json: flags.json },
      );
      if (code === 0 && !flags.json) {
        const where = relative(cwd, projectDir) || '.';
        process.stdout.write(`\nTry the program it built:\n  cd ${where}\n${demo.try.map((line) => `  ${line}`).join('\n')}\n`);
      }
      setExit(code);
    });
}
