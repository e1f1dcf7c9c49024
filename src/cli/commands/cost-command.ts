import type { Command } from 'commander';
import pc from 'picocolors';
import { warnSkipped } from './inspect-commands.js';
import { UsageError } from '../usage-error.js';

/** A delivered file larger than this is not counted: code and tests are not megabytes long. */
const MAX_DELIVERED_BYTES = 4 * 1024 * 1024;

/**
 * The files a run wrote, as they are now (a file removed since is not counted). Paths come from
 * the event log, which a model's answer filled, and the files from generated code: only regular
 * files plainly inside the project are read (no symbolic link on the way, no FIFO or device that
 * would hang or flood the command), each at most 4 MiB.
 */
async function readDelivered(projectDir: string, paths: readonly string[]): Promise<string[]> {
  const { open, realpath } = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  const { isAbsolute, join, normalize, sep } = await import('node:path');
  const root = await realpath(projectDir).catch(() => undefined);
  if (root === undefined) return [];
  const texts: string[] = [];
  for (const path of new Set(paths)) {
    const normal = normalize(path);
    if (path.includes('\0') || isAbsolute(normal) || normal.startsWith('..') || normal.startsWith(`docs${sep}`) || normal.startsWith('.atelier') || normal.startsWith('.git')) continue;
    const file = join(root, normal);
    try {
      // The real path must be the path asked for: a symbolic link anywhere on the way is refused.
      if ((await realpath(file)) !== file) continue;
      const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      try {
        const stat = await handle.stat();
        if (stat.isFile() && stat.size <= MAX_DELIVERED_BYTES) texts.push(await handle.readFile('utf8'));
      } finally {
        await handle.close();
      }
    } catch {
      // Removed or unreadable since: not delivered.
    }
  }
  return texts;
}

export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description("what a run's model calls cost, by role, stage and model (default: the latest run)")
    .argument('[run]', 'the run id, e.g. r-3f9a1c2e')
    .option('--project <dir>', 'the project folder holding the run')
    .option('--json', 'print JSON')
    .action(async (runId: string | undefined, flags: { project?: string; json?: boolean }) => {
      const { listRunsEverywhere, openRunStore, costReport, formatCostReport, deliveredFigures, cacheShare } = await import('../read-actions.js');
      const cwd = process.cwd();
      let id = runId;
      if (id === undefined) {
        const [latest] = await listRunsEverywhere(cwd, flags.project, { onSkipped: warnSkipped });
        if (!latest) throw new UsageError('no runs here to report on: name the project with --project DIR, or start one with `atelier run --idea "…"`');
        id = latest.id;
      }
      const { store, run, projectDir } = await openRunStore(id, cwd, flags.project, { onSkipped: warnSkipped });
      try {
        const report = costReport(await store.listModelCalls(run.id));
        const written = new Set((await store.listEvents(run.id, undefined, ['file.written'])).map((event) => String((event.payload as { path?: unknown }).path)));
        const delivered = deliveredFigures(report.total, await readDelivered(projectDir, [...written]));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ run: { id: run.id, status: run.status, idea: run.idea }, ...report, cacheSharePercent: cacheShare(report.total), delivered }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${pc.bold(`run ${run.id}`)}  ${run.status}  ${pc.dim(run.idea.slice(0, 70))}\n${formatCostReport(report, delivered).join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
