import type { SandboxCommand, SandboxResult } from '../sandbox-driver.js';
import type { ProbeContext } from './probe.js';

export const node = (script: string, ...args: string[]): string[] => ['node', '-e', script, ...args];

export function command(ctx: ProbeContext, argv: string[], extra: Partial<SandboxCommand> = {}): SandboxCommand {
  return { argv, cwd: ctx.workspace, timeoutMs: 15_000, ...extra };
}

/** The line the supervisor wrote about the limit that stopped the command. */
export function stoppedLine(result: SandboxResult): string {
  return result.limitsReport?.find((line) => line.startsWith('stopped')) ?? `exit ${result.exitCode ?? result.signal}`;
}

export function lastJson(result: SandboxResult): Record<string, unknown> {
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A `sleep` duration nothing else on the machine uses, to find the probe's processes on the host. */
export function uniqueSleep(): string {
  return `30.${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
}
