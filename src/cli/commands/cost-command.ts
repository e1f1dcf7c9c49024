import type { Command } from 'commander';
import pc from 'picocolors';
import { warnSkipped } from './inspect-commands.js';
import { UsageError } from '../usage-error.js';
import { printable } from '../../observe/printable.js';
import { isLockfile } from '../../workspace/lockfiles.js';

/** How much of the delivered files `cost` reads: code and tests are not megabytes long. */
export interface DeliveredLimits {
  /** A larger file is not counted. */
  fileBytes: number;
  /** Once this much is read, the remaining files are not counted. */
  totalBytes: number;
}

const DELIVERED_LIMITS: DeliveredLimits = { fileBytes: 4 * 1024 * 1024, totalBytes: 64 * 1024 * 1024 };

/** The delivered files' texts, and the paths that were not counted, with why. */
export interface DeliveredFiles {
  texts: string[];
  notCounted: { path: string; reason: string }[];
}

/**
 * The files a run wrote, as they are now (a file removed since is not counted). Paths come from
 * the event log, which a model's answer filled, and the files from generated code: only regular
 * files plainly inside the project are read (no symbolic link on the way, checked on the opened
 * file; no FIFO or device that would hang or flood the command; no file with another name, which
 * may be outside), each at most 4 MiB and all together at most 64 MiB.
 */
export async function readDelivered(projectDir: string, paths: readonly string[], limits: DeliveredLimits = DELIVERED_LIMITS): Promise<DeliveredFiles> {
  const { realpath } = await import('node:fs/promises');
  const { isAbsolute, join, normalize, sep } = await import('node:path');
  const { readRegularFile } = await import('../../workspace/read-regular-file.js');
  const delivered: DeliveredFiles = { texts: [], notCounted: [] };
  const root = await realpath(projectDir).catch(() => undefined);
  if (root === undefined) return delivered;
  let read = 0;
  // `src/a.js`, `./src/a.js` and `src//a.js` are one file, counted once.
  for (const normal of new Set(paths.map((path) => normalize(path)))) {
    if (normal.includes('\0') || isAbsolute(normal) || normal.startsWith('..') || normal.startsWith(`docs${sep}`) || normal.startsWith('.atelier') || normal.startsWith('.git')) continue;
    const file = join(root, normal);
    if (isLockfile(normal)) {
      delivered.notCounted.push({ path: normal, reason: 'lockfile' });
      continue;
    }
    if (read >= limits.totalBytes) {
      delivered.notCounted.push({ path: normal, reason: `over the ${limits.totalBytes} bytes read in all` });
      continue;
    }
    try {
      // The real path must be the path asked for: a symbolic link anywhere on the way is refused.
      if ((await realpath(file)) !== file) {
        delivered.notCounted.push({ path: normal, reason: 'symbolic link' });
        continue;
      }
      const fileBytes = Math.min(limits.fileBytes, limits.totalBytes - read);
      const outcome = await readRegularFile(file, { maxBytes: fileBytes, singleLink: true, accept: (real) => real === file });
      if ('text' in outcome) {
        delivered.texts.push(outcome.text);
        read += Buffer.byteLength(outcome.text);
      } else if (outcome.unread === 'too large' && fileBytes < limits.fileBytes) {
        read = limits.totalBytes;
        delivered.notCounted.push({ path: normal, reason: `over the ${limits.totalBytes} bytes read in all` });
      } else if (outcome.unread !== 'missing') {
        delivered.notCounted.push({ path: normal, reason: outcome.unread });
      }
    } catch {
      // Removed or unreadable since: not delivered.
    }
  }
  return delivered;
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
        const read = await readDelivered(projectDir, [...written]);
        const delivered = deliveredFigures(report.total, read.texts);
        // A file removed since it was written is simply not delivered; anything else left out is said.
        const notCounted = read.notCounted.filter((file) => file.reason !== 'missing');
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ run: { id: run.id, status: run.status, idea: run.idea }, ...report, cacheSharePercent: cacheShare(report.total), delivered: { ...delivered, notCounted } }, null, 2)}\n`);
          return;
        }
        const skipped = notCounted.length === 0 ? [] : [pc.dim(`not counted as delivered: ${notCounted.map((file) => `${printable(file.path)} (${file.reason})`).join(', ')}`)];
        process.stdout.write(`${pc.bold(`run ${run.id}`)}  ${run.status}  ${pc.dim(run.idea.slice(0, 70))}\n${[...formatCostReport(report, delivered), ...skipped].join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
