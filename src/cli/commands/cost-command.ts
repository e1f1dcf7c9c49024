import type { Command } from 'commander';
import pc from 'picocolors';
import { warnSkipped } from './inspect-commands.js';
import { UsageError } from '../usage-error.js';

export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description("what a run's model calls cost, by role, stage and model (default: the latest run)")
    .argument('[run]', 'the run id, e.g. r-3f9a1c2e')
    .option('--project <dir>', 'the project folder holding the run')
    .option('--json', 'print JSON')
    .action(async (runId: string | undefined, flags: { project?: string; json?: boolean }) => {
      const { listRunsEverywhere, openRunStore, costReport, formatCostReport } = await import('../read-actions.js');
      const cwd = process.cwd();
      let id = runId;
      if (id === undefined) {
        const [latest] = await listRunsEverywhere(cwd, flags.project, { onSkipped: warnSkipped });
        if (!latest) throw new UsageError('no runs here to report on: name the project with --project DIR, or start one with `atelier run --idea "…"`');
        id = latest.id;
      }
      const { store, run } = await openRunStore(id, cwd, flags.project, { onSkipped: warnSkipped });
      try {
        const report = costReport(await store.listModelCalls(run.id));
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ run: { id: run.id, status: run.status, idea: run.idea }, ...report }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${pc.bold(`run ${run.id}`)}  ${run.status}  ${pc.dim(run.idea.slice(0, 70))}\n${formatCostReport(report).join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
