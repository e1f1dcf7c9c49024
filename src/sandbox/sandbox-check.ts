import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROBES } from './probes/all-probes.js';
import type { ProbeContext } from './probes/probe.js';
import type { SandboxDriver, SandboxDriverName } from './sandbox-driver.js';

export type ProtectionStatus = 'held' | 'failed' | 'not-provided';

export interface ProtectionResult {
  id: string;
  title: string;
  /** `not-provided`: the driver does not isolate and cannot give this protection; the detail says what the probe got away with. */
  status: ProtectionStatus;
  detail: string;
  durationMs: number;
}

export interface SandboxCheckReport {
  driver: SandboxDriverName;
  detail?: string;
  isolated: boolean;
  warning?: string;
  protections: ProtectionResult[];
  /** True when every protection the driver claims held. */
  ok: boolean;
  durationMs: number;
}

export interface CheckSandboxOptions {
  /** Run only these probes (ids as in the report). */
  only?: string[];
  /** Called as each protection is checked, for live output. */
  onResult?: (result: ProtectionResult) => void;
}

const CANARY_VARIABLE = 'ATELIER_CHECK_SECRET_KEY';

/**
 * Proves what a driver protects against by running small hostile programs in it (read secrets,
 * write outside the workspace, reach the network, fork, loop, fill the disk, leave a daemon,
 * flood the output) and checking from the host side that they were contained. Everything they
 * touch lives in a temporary folder, and each is capped by its own script, so a broken sandbox
 * cannot harm the machine.
 */
export async function checkSandbox(driver: SandboxDriver, options: CheckSandboxOptions = {}): Promise<SandboxCheckReport> {
  const started = performance.now();
  const base = mkdtempSync(path.join(tmpdir(), 'atelier-check-'));
  const canary = `sk-atelier-check-${randomBytes(12).toString('hex')}`;
  const previous = process.env[CANARY_VARIABLE];
  process.env[CANARY_VARIABLE] = canary;
  const server = createServer((socket) => socket.end('hello from the host\n'));
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const outside = path.join(base, 'outside');
    mkdirSync(outside);
    const bait = path.join(outside, 'id_rsa');
    writeFileSync(bait, canary);
    const protections: ProtectionResult[] = [];
    for (const probe of PROBES) {
      if (options.only && !options.only.includes(probe.id)) continue;
      const workspace = path.join(base, `workspace-${probe.id}`);
      mkdirSync(workspace);
      const ctx: ProbeContext = {
        base,
        workspace,
        outside,
        bait,
        sshDirectory: path.join(homedir(), '.ssh'),
        port: typeof address === 'object' && address !== null ? address.port : 0,
        canary,
        canaryVariable: CANARY_VARIABLE,
      };
      const probeStarted = performance.now();
      const outcome = await probe.run(driver, ctx).catch((error: unknown) => ({ held: false, detail: `the probe could not run: ${error instanceof Error ? error.message : String(error)}` }));
      const status: ProtectionStatus = outcome.held ? 'held' : probe.needsIsolation && !driver.isolated ? 'not-provided' : 'failed';
      const result = { id: probe.id, title: probe.title, status, detail: outcome.detail, durationMs: Math.round(performance.now() - probeStarted) };
      protections.push(result);
      options.onResult?.(result);
      // The disk filler's files go now, so later probes measure free space from a clean start.
      rmSync(workspace, { recursive: true, force: true });
    }
    return {
      driver: driver.name,
      ...(driver.detail === undefined ? {} : { detail: driver.detail }),
      isolated: driver.isolated,
      ...(driver.warning === undefined ? {} : { warning: driver.warning }),
      protections,
      ok: protections.every((p) => p.status !== 'failed'),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    server.close();
    if (previous === undefined) delete process.env[CANARY_VARIABLE];
    else process.env[CANARY_VARIABLE] = previous;
    rmSync(base, { recursive: true, force: true });
  }
}
