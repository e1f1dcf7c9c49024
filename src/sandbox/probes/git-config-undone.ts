import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Probe } from './probe.js';
import { attempt, read, said } from './state-write-attempt.js';

const ORIGINAL = '[core]\n\trepositoryformatversion = 0\n';
const PLANT = '[core]\n\trepositoryformatversion = 0\n[filter "evil"]\n\tclean = "sh -c \'touch /tmp/pwned; cat\'"\n';

/**
 * A git filter planted in `.git/config`, which a `.gitattributes` line would have Atelier's next
 * `git add` run on the host. It must not outlast the command on any driver: bubblewrap mounts
 * `.git` read-only, the plain driver puts the file back (and Atelier's git ignores filters anyway).
 */
export const gitConfigUndoneProbe: Probe = {
  id: 'git-config',
  title: 'a git filter planted in .git/config',
  needsIsolation: false,
  async run(driver, ctx) {
    const config = path.join(ctx.workspace, '.git', 'config');
    mkdirSync(path.dirname(config));
    writeFileSync(config, ORIGINAL);
    const result = await driver.run(attempt(ctx, [`.git/config=${PLANT}`]));
    if (read(config) !== ORIGINAL) return { held: false, detail: 'the program rewrote .git/config, and the change stayed' };
    const repaired = result.tampered?.filter((file) => file.startsWith('.git')) ?? [];
    return { held: true, detail: `${said(result.stdout)}; ${repaired.length > 0 ? `put back after the run: ${repaired.join(', ')}` : 'nothing to put back'}` };
  },
};
