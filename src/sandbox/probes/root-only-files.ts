import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STATE_DIR } from '../protected-paths.js';
import { atelierIsRoot } from '../sandbox-user.js';
import type { Probe } from './probe.js';
import { command, lastJson, node } from './probe-command.js';
import { hostDigest, readEach } from './read-attempt.js';

/**
 * Files only root may read: `/etc/shadow`, and, when Atelier is root, a 0600 file of its own in
 * the workspace's `.atelier`. A user namespace made by root maps the command onto host root, so
 * without a real change of user both stay readable even with every capability dropped.
 */
export const rootOnlyFilesProbe: Probe = {
  id: 'root-files',
  title: 'files only root may read (/etc/shadow)',
  needsIsolation: true,
  async run(driver, ctx) {
    const targets = ['/etc/shadow', '/etc/gshadow'];
    if (atelierIsRoot()) {
      const bait = path.join(ctx.workspace, STATE_DIR, 'root-only.txt');
      mkdirSync(path.dirname(bait), { recursive: true });
      writeFileSync(bait, ctx.canary, { mode: 0o600 });
      chmodSync(bait, 0o600);
      targets.push(bait);
    }
    const outcome = lastJson(await driver.run(command(ctx, node(readEach, ...targets))));
    // Reading a file of the same name is harmless when it is not the host's (a container image's own).
    const read = targets.filter((file) => hostDigest(file) !== undefined && outcome[file] === hostDigest(file));
    if (read.length > 0) return { held: false, detail: `the program read ${read.join(' and ')}` };
    return { held: true, detail: targets.map((file) => `${file}: ${describe(outcome[file], hostDigest(file))}`).join('; ') };
  },
};

function describe(seen: unknown, host: string | undefined): string {
  if (typeof seen !== 'string') return 'no answer';
  if (!seen.startsWith('sha256:')) return seen;
  return host === undefined ? 'a file the host user cannot read either' : "the sandbox's own file, not the host's";
}
