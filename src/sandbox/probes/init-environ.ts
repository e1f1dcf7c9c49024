import type { Probe } from './probe.js';
import { command, lastJson, node } from './probe-command.js';
import { hostDigest, readEach } from './read-attempt.js';

const INIT_ENVIRON = '/proc/1/environ';

/**
 * The environment of the machine's first process, which on many hosts holds the variables a
 * service manager or container runtime was started with. In its own pid namespace the command's
 * pid 1 is the sandbox's init, and reading that is harmless.
 */
export const initEnvironProbe: Probe = {
  id: 'init-environ',
  title: "the host's first process (/proc/1/environ)",
  needsIsolation: true,
  async run(driver, ctx) {
    const seen = lastJson(await driver.run(command(ctx, node(readEach, INIT_ENVIRON))))[INIT_ENVIRON];
    const host = hostDigest(INIT_ENVIRON);
    if (host !== undefined && seen === host) return { held: false, detail: `the program read ${INIT_ENVIRON}, the environment of the host's pid 1` };
    if (typeof seen === 'string' && seen.startsWith('sha256:')) {
      return { held: true, detail: host === undefined ? `read a ${INIT_ENVIRON} the host user cannot read either: not the host's` : `read its own sandbox's ${INIT_ENVIRON}, not the host's` };
    }
    return { held: true, detail: `refused (${typeof seen === 'string' ? seen : 'no answer'})` };
  },
};
