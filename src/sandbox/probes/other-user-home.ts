import { chownSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { atelierIsRoot } from '../sandbox-user.js';
import type { Probe, ProbeContext } from './probe.js';
import { command, lastJson, node } from './probe-command.js';

/** A uid no account uses, as the owner of the stand-in home. */
const OTHER_UID = 54321;

const script = `
  const fs = require('fs');
  const outcome = {};
  try { outcome.planted = fs.readFileSync(process.argv[1], 'utf8'); } catch (e) { outcome.planted = e.code; }
  try { outcome.root = fs.readdirSync('/root').length >= 0 ? 'listed' : ''; } catch (e) { outcome.root = e.code; }
  console.log(JSON.stringify(outcome));`;

/**
 * Another user's home: as root, a 0700 folder owned by an unused uid, inside the workspace (the
 * one host folder every driver shows); otherwise `/root`, when its owner keeps it closed.
 */
export const otherUserHomeProbe: Probe = {
  id: 'other-home',
  title: "another user's home",
  needsIsolation: true,
  async run(driver, ctx) {
    const planted = atelierIsRoot() ? plantHome(ctx) : undefined;
    const outcome = lastJson(await driver.run(command(ctx, node(script, planted ?? '/nonexistent'))));
    const rootIsClosed = !atelierIsRoot() && homedir() !== '/root' && isClosed('/root');
    const read = [...(planted !== undefined && outcome.planted === ctx.canary ? [path.dirname(planted)] : []), ...(rootIsClosed && outcome.root === 'listed' ? ['/root'] : [])];
    if (read.length > 0) return { held: false, detail: `the program read ${read.join(' and ')}` };
    const tried = [...(planted ? [`${path.dirname(planted)} (uid ${OTHER_UID}, 0700): ${String(outcome.planted)}`] : []), ...(rootIsClosed ? [`/root: ${String(outcome.root)}`] : [])];
    return { held: true, detail: tried.length > 0 ? tried.join('; ') : 'no other user has a closed home here to try' };
  },
};

function plantHome(ctx: ProbeContext): string {
  const home = path.join(ctx.workspace, `home-of-${OTHER_UID}`);
  const secret = path.join(home, 'notes.txt');
  mkdirSync(home, { mode: 0o700 });
  writeFileSync(secret, ctx.canary, { mode: 0o600 });
  chownSync(secret, OTHER_UID, OTHER_UID);
  chownSync(home, OTHER_UID, OTHER_UID);
  return secret;
}

/** True when the folder exists and the user running Atelier may not list it. */
function isClosed(folder: string): boolean {
  try {
    readdirSync(folder);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES';
  }
}
