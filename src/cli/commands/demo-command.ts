import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { packageRoot } from '../../config/builtin-dirs.js';
import { closestName } from '../../config/suggest.js';
import { projectNameFromIdea } from '../../engine/projects.js';
import { findExecutable } from '../../sandbox/find-executable.js';
import { sandboxPath } from '../../sandbox/sandbox-env.js';
import { UsageError } from '../usage-error.js';

export const DEMO_DIR = join(packageRoot(), 'examples', 'demo');

/** A program the demo's project needs to pass its own tests, and, optionally, a module it must import. */
export interface DemoNeed {
  program: string;
  /** A Python module (`pytest`) the program must import. */
  pythonModule?: string;
}

export interface Demo {
  name: string;
  title: string;
  idea: string;
  workflow: string;
  /** The cassette's absolute path. */
  cassette: string;
  needs: DemoNeed[];
  /** Commands to try in the project afterwards. */
  try: string[];
}

/** The bundled recordings (examples/demo/demos.json) and the one `atelier demo` replays when none is named. */
export async function loadDemos(dir = DEMO_DIR): Promise<{ default: string; demos: Demo[] }> {
  const { z } = await import('zod');
  // A program's bare name and a Python module's dotted name: nothing a shell or `-c` could run.
  const need = z.object({ program: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/), pythonModule: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/).optional() });
  const entry = z.object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/),
    title: z.string().min(1),
    idea: z.string().min(1),
    workflow: z.string().min(1),
    // A file beside demos.json, never a path out of the folder.
    cassette: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/),
    needs: z.array(need).default([]),
    try: z.array(z.string()),
  });
  const file = z.object({ default: z.string(), demos: z.array(entry).min(1) });
  const parsed = file.parse(JSON.parse(readFileSync(join(dir, 'demos.json'), 'utf8')));
  const demos = parsed.demos.map((demo) => ({ ...demo, needs: demo.needs.map((n) => ({ program: n.program, ...(n.pythonModule ? { pythonModule: n.pythonModule } : {}) })), cassette: join(dir, demo.cassette) }));
  return { default: parsed.default, demos };
}

/** The demo named, or the default one; an unknown name is a usage error that lists the known ones. */
export async function loadDemo(name?: string, dir = DEMO_DIR): Promise<Demo> {
  const all = await loadDemos(dir);
  const wanted = name ?? all.default;
  const demo = all.demos.find((candidate) => candidate.name === wanted);
  if (demo) return demo;
  const names = all.demos.map((d) => d.name);
  const hint = closestName(wanted, names);
  throw new UsageError(`there is no demo "${wanted}"${hint ? ` (did you mean "${hint}"?)` : ''}; the demos are ${names.join(', ')} (\`atelier demo --list\`)`);
}

/**
 * What the demo's project needs and this machine lacks, as the sandbox will see it (its PATH is
 * the system's folders and node's): QA runs the project's tests there, and a replay has no answer
 * for a fix round that a missing tool would cause.
 */
export function missingTools(demo: Pick<Demo, 'needs'>, searchPath = sandboxPath()): string[] {
  const missing: string[] = [];
  for (const need of demo.needs) {
    const program = findExecutable(need.program, searchPath);
    if (program === undefined) {
      missing.push(need.program);
      continue;
    }
    if (need.pythonModule === undefined) continue;
    try {
      // Found, not imported (-I: isolated, so no pytest.py of the current folder runs), from /,
      // with nothing of Atelier's environment: the check runs outside the sandbox.
      execFileSync(program, ['-I', '-c', 'import importlib.util, sys; sys.exit(importlib.util.find_spec(sys.argv[1]) is None)', need.pythonModule], { stdio: 'ignore', timeout: 20_000, cwd: '/', env: { PATH: searchPath } });
    } catch {
      missing.push(`${need.pythonModule} for ${need.program} (${program})`);
    }
  }
  return missing;
}

/** The replayed prompts include what the folder already holds, so the demo needs an empty one. */
function freshProjectDir(cwd: string, name: string): string {
  for (let n = 1; ; n++) {
    const dir = resolve(cwd, 'workspace', n === 1 ? name : `${name}-${n}`);
    if (!existsSync(dir)) return dir;
  }
}

async function listDemos(json: boolean): Promise<void> {
  const { default: fallback, demos } = await loadDemos();
  const rows = demos.map((demo) => ({ name: demo.name, title: demo.title, default: demo.name === fallback, missing: missingTools(demo) }));
  if (json) {
    process.stdout.write(`${JSON.stringify({ demos: rows.map((row, i) => ({ ...row, idea: demos[i]!.idea, workflow: demos[i]!.workflow })) }, null, 2)}\n`);
    return;
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  const lines = rows.map((row) => {
    const note = row.missing.length > 0 ? pc.yellow(`  (needs ${row.missing.join(', ')}: not found here)`) : '';
    return `  ${row.name.padEnd(width)}  ${row.title}${row.default ? pc.dim('  (default)') : ''}${note}`;
  });
  process.stdout.write(`Recorded demos (replay one with \`atelier demo NAME\`, offline, no key):\n${lines.join('\n')}\n`);
}

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('replay a recorded run of the whole company, offline, no key needed (`--list` shows every demo)')
    .argument('[name]', 'the demo to replay (default: the todo CLI)')
    .option('--list', 'list the recorded demos and what each needs')
    .option('--project <dir>', 'an empty or new folder for the demo project (default: ./workspace/<name>)')
    .option('--json', 'print one JSON event per line instead of the progress view')
    .action(async (name: string | undefined, flags: { project?: string; json?: boolean; list?: boolean }) => {
      if (flags.list) {
        if (name !== undefined) throw new UsageError('--list takes no demo name: run `atelier demo --list`, then `atelier demo NAME`');
        await listDemos(flags.json ?? false);
        return;
      }
      const demo = await loadDemo(name);
      const missing = missingTools(demo);
      if (missing.length > 0) {
        throw new UsageError(`the ${demo.name} demo runs its project's tests, which need ${missing.join(', ')}, not found on this machine (in ${sandboxPath()}); install it, or try another demo (\`atelier demo --list\`)`);
      }
      const [{ startRun }, { watchRun }] = await Promise.all([import('../../engine/index.js'), import('../watch-run.js')]);
      const cwd = process.cwd();
      const projectDir = flags.project ? resolve(cwd, flags.project) : freshProjectDir(cwd, projectNameFromIdea(demo.idea));
      if (flags.project && existsSync(projectDir) && readdirSync(projectDir).length > 0) {
        throw new UsageError(`the demo needs an empty folder, and ${projectDir} is not empty; choose another --project`);
      }
      if (!flags.json) {
        const install = demo.needs.some((need) => need.program === 'npm') ? '\nThe model calls are replayed offline; QA installs the project\'s npm packages, which needs the network for that step unless sandbox.offline_npm_cache (or ATELIER_OFFLINE_NPM_CACHE) names an npm cache that holds them.' : '';
        process.stdout.write(`${pc.bold('Atelier demo')} (${demo.name}): replaying a recorded run, offline.${install}\nIdea: ${demo.idea}\n\n`);
      }
      const { code } = await watchRun(
        // No fix round: a recording holds no answer for one. A failure on this machine (a tool
        // missing, no network for an install) then ends in the test report, which says why.
        (hooks) => startRun({ idea: demo.idea, workflow: demo.workflow, cwd, projectDir, concurrency: 4, model: null, builtinOnly: true, maxFixRounds: 0, modelSettings: { replay: demo.cassette } }, hooks),
        { json: flags.json },
      );
      if (code === 0 && !flags.json) {
        const where = relative(cwd, projectDir) || '.';
        process.stdout.write(`\nTry the program it built:\n  cd ${where}\n${demo.try.map((line) => `  ${line}`).join('\n')}\n`);
      }
      setExit(code);
    });
}
