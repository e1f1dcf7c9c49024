import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeBubblewrap } from './bubblewrap-driver.js';
import { processesWithArgument } from './process-table.js';

/**
 * Atelier killed with SIGKILL runs no exit hook. Its sandboxed command, and what that command
 * started, must die with it rather than go on writing into the project: here a stand-in for
 * Atelier (a node process running the driver from source) is killed once the command has started.
 */
const bubblewrap = await probeBubblewrap();
const DRIVERS = path.join(import.meta.dirname, 'sandbox.ts');

let workspace: string;

beforeEach(() => {
  workspace = realpathSync(mkdtempSync(path.join(tmpdir(), 'atelier-orphan-')));
});

afterEach(() => rmSync(workspace, { recursive: true, force: true }));

/** Writes `started`, then two seconds later `late.txt`, and from a detached child `late-daemon.txt`. */
const hostileTest = (marker: string) => `
  const fs = require('fs'), { spawn } = require('child_process');
  spawn('sh', ['-c', 'sleep ${marker}; echo daemon > late-daemon.txt'], { detached: true, stdio: 'ignore' }).unref();
  spawn('sh', ['-c', 'sleep 2; echo cleared > late-cleared.txt'], { detached: true, stdio: 'ignore', env: { PATH: process.env.PATH } }).unref();
  fs.writeFileSync('started', '');
  setTimeout(() => fs.writeFileSync('late.txt', 'written after Atelier died'), 2000);
  setInterval(() => {}, 1000);`;

async function killAtelierMidCommand(driver: string, options: string): Promise<string> {
  const marker = `2.${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const script = `
    const { detectSandbox } = await import(${JSON.stringify(DRIVERS)});
    const { createPlainDriver } = await import(${JSON.stringify(path.join(import.meta.dirname, 'plain-driver.ts'))});
    const driver = ${driver === 'plain' ? `createPlainDriver('orphan test', ${options})` : `await detectSandbox({ prefer: 'bubblewrap' })`};
    await driver.run({ argv: ['node', '-e', ${JSON.stringify(hostileTest(marker))}], cwd: ${JSON.stringify(workspace)}, timeoutMs: 60000 });`;
  const atelier = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'ignore' });
  for (let waited = 0; !existsSync(path.join(workspace, 'started')) && waited < 20_000; waited += 50) await sleep(50);
  expect(existsSync(path.join(workspace, 'started'))).toBe(true);
  atelier.kill('SIGKILL');
  await sleep(3_500);
  return marker;
}

describe('a command whose Atelier was killed with SIGKILL', () => {
  it('dies on the plain driver, with its detached children, before it can write into the project', async () => {
    const marker = await killAtelierMidCommand('plain', '{}');
    expect(['late.txt', 'late-daemon.txt', 'late-cleared.txt'].filter((file) => existsSync(path.join(workspace, file)))).toEqual([]);
    expect(processesWithArgument(marker)).toEqual([]);
  });

  it('dies on the plain driver without a pids cgroup too (found by its environment marker)', async () => {
    const marker = await killAtelierMidCommand('plain', '{ pidsCgroup: false }');
    expect(['late.txt', 'late-daemon.txt'].filter((file) => existsSync(path.join(workspace, file)))).toEqual([]);
    expect(processesWithArgument(marker)).toEqual([]);
  });

  it.runIf(bubblewrap.available)('dies under bubblewrap (its pid namespace goes with --die-with-parent)', async () => {
    const marker = await killAtelierMidCommand('bubblewrap', '{}');
    expect(['late.txt', 'late-daemon.txt', 'late-cleared.txt'].filter((file) => existsSync(path.join(workspace, file)))).toEqual([]);
    expect(processesWithArgument(marker)).toEqual([]);
  });
});
