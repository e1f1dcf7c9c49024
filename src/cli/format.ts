import pc from 'picocolors';

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1_000)).padStart(2, '0')}s`;
}

export function formatTokens(tokens: number): string {
  return tokens >= 1_000 ? `${(tokens / 1_000).toFixed(1)}k tok` : `${tokens} tok`;
}

export const statusMark = {
  pending: pc.dim('·'),
  running: pc.cyan('▸'),
  doing: pc.cyan('▸'),
  done: pc.green('✔'),
  failed: pc.red('✖'),
  parked: pc.yellow('⏸'),
} as const;
