import { createBubblewrapDriver, probeBubblewrap } from './bubblewrap-driver.js';
import { createDockerDriver, probeDocker } from './docker-driver.js';
import { createPlainDriver } from './plain-driver.js';
import type { SandboxDriver, SandboxDriverName } from './sandbox-driver.js';
import { SandboxError } from './sandbox-error.js';

export type { DriverOptions, SandboxCommand, SandboxDriver, SandboxDriverName, SandboxKillReason, SandboxResult } from './sandbox-driver.js';

export type SandboxPreference = 'auto' | SandboxDriverName;

export interface DetectSandboxOptions {
  prefer?: SandboxPreference;
  /** Image for the Docker driver. */
  dockerImage?: string;
}

/**
 * The best sandbox this machine offers: bubblewrap when `bwrap` is on PATH and a trial run
 * succeeds, then Docker when an engine answers, otherwise a plain process with a warning. Asking
 * for a driver by name gets that driver or a SandboxError saying why it cannot be used.
 * Each trial runs once per process.
 */
export async function detectSandbox(options: DetectSandboxOptions = {}): Promise<SandboxDriver> {
  const prefer = options.prefer ?? 'auto';
  if (prefer === 'plain') return createPlainDriver('plain process requested');
  const reasons: string[] = [];
  if (prefer === 'auto' || prefer === 'bubblewrap') {
    const bubblewrap = await probeBubblewrap();
    if (bubblewrap.available) return createBubblewrapDriver(bubblewrap.bwrap, { identity: bubblewrap.identity });
    if (prefer === 'bubblewrap') throw unavailable('bubblewrap', bubblewrap.reason, 'install the bubblewrap package, or use --driver auto');
    reasons.push(bubblewrap.reason);
  }
  const docker = await probeDocker();
  if (docker.available) return createDockerDriver({ docker: docker.docker, image: options.dockerImage });
  if (prefer === 'docker') throw unavailable('docker', docker.reason, 'start the Docker engine, or use --driver auto');
  reasons.push(docker.reason);
  return createPlainDriver(reasons.join('; '));
}

function unavailable(driver: SandboxDriverName, reason: string, action: string): SandboxError {
  return new SandboxError({ driver, detail: `the ${driver} driver was asked for but cannot be used: ${reason}; ${action}` });
}
