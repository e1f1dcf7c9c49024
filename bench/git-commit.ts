// What one commit costs Atelier over the git commands it runs. `npx tsx bench/git-commit.ts --json`
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openWorkspace } from '../src/workspace/workspace.js';
import { median } from './stats.js';

export interface CommitResult {
  commits: number;
  /** Median of one `workspace.commit()` of a changed file. */
  atelierMs: number;
  /** Median of the same four git commands (add, diff --cached, commit, rev-parse) run directly. */
  directGitMs: number;
  /** Atelier's own time per commit: the first minus the second. */
  commitMs: number;
}

const git = (cwd: string, args: string[]) =>
  new Promise<string>((resolve, reject) => execFile('git', args, { cwd, encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout))));

const AUTHOR = { name: 'Engineer', email: 'engineer@atelier.local' };

/**
 * Commits of one changed file, alternating Atelier's commit with the same git commands run
 * directly in a second repository, so machine load weighs on both the same.
 */
export async function measureCommit(commits = 40): Promise<CommitResult> {
  const dir = await mkdtemp(join(tmpdir(), 'atelier-bench-git-'));
  try {
    const workspace = await openWorkspace(join(dir, 'atelier'));
    const direct = join(dir, 'direct');
    await openWorkspace(direct);
    const identity = ['-c', 'user.name=Engineer', '-c', 'user.email=engineer@atelier.local'];
    const atelier: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < commits + 3; i++) {
      await workspace.writeFile('src/app.js', `export const version = ${i};\n`);
      let started = performance.now();
      await workspace.commit({ message: `T${i}: change`, author: AUTHOR, paths: ['src/app.js'] });
      const atelierMs = performance.now() - started;

      await writeFile(join(direct, 'app.js'), `export const version = ${i};\n`);
      started = performance.now();
      await git(direct, ['add', '--all', '--', 'app.js']);
      await git(direct, ['diff', '--cached', '--name-only', '-z', '--', 'app.js']);
      await git(direct, [...identity, 'commit', '--quiet', '--no-verify', '-m', `T${i}: change`, '--', 'app.js']);
      await git(direct, ['rev-parse', 'HEAD']);
      const directMs = performance.now() - started;
      // The first few warm the file cache and git's own start-up.
      if (i >= 3) {
        atelier.push(atelierMs);
        plain.push(directMs);
      }
    }
    const atelierMs = median(atelier);
    const directGitMs = median(plain);
    return { commits, atelierMs, directGitMs, commitMs: median(atelier.map((ms, i) => ms - (plain[i] ?? 0))) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await measureCommit())}\n`);
}
