import type { Command } from 'commander';
import pc from 'picocolors';
import { warnSkipped } from './inspect-commands.js';
import { UsageError } from '../usage-error.js';

/**
 * The files a run wrote, as they are now (a file removed since is not counted). Paths come from
 * the event log, which a model's answer filled: one that is not plainly inside the project is skipped.
 */
async function readDelivered(projectDir: string, paths: readonly string[]): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const { isAbsolute, join, normalize } = await import('node:path');
  const texts: string[] = [];
  for (const path of paths) {
    const normal = normalize(path);
    if (isAbsolute(normal) || normal.startsWith('..') || normal.startsWith('docs/') || normal.startsWith('.atelier')) continue;
    try {
      texts.push(await readFile(join(projectDir, normal), 'utf8'));
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
