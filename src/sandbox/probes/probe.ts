import type { SandboxDriver } from '../sandbox-driver.js';

/** What every probe may use: a fresh workspace, a folder beside it, bait and a server on the host. */
export interface ProbeContext {
  /** Parent of the workspaces: `..` from any of them. */
  base: string;
  /** A fresh empty workspace for this probe. */
  workspace: string;
  /** A folder outside every workspace. */
  outside: string;
  /** A file outside the workspace holding `canary`. */
  bait: string;
  /** The user's `~/.ssh`, which may or may not exist. */
  sshDirectory: string;
  /** A TCP server on the host's 127.0.0.1 that answers anyone who connects. */
  port: number;
  /** A secret-looking value set in Atelier's own environment while the check runs. */
  canary: string;
  canaryVariable: string;
}

export interface ProbeOutcome {
  held: boolean;
  detail: string;
}

export interface Probe {
  id: string;
  title: string;
  /** Only an isolating driver can give it; on the plain driver a miss is reported, not failed. */
  needsIsolation: boolean;
  run(driver: SandboxDriver, ctx: ProbeContext): Promise<ProbeOutcome>;
}
