/* How long something waits, as a person writes it in a flag or the configuration, and as the views say it. */

/** `90000` → `1m 30s`, for what the views say of a wait. */
export function formatWait(ms: number): string {
  const parts: string[] = [];
  let left = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)}${unit}`);
      left %= size;
    }
  }
  return parts.join(' ') || '0s';
}

/** `30m`, `2h`, `45s`, `1d`, `1500ms` (a bare number is seconds) → milliseconds; undefined when it is none of these. */
export function parseWait(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  const size = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd' | undefined ?? 's'];
  const ms = Math.round(Number(match[1]) * size);
  return Number.isSafeInteger(ms) && ms <= 365 * 86_400_000 ? ms : undefined;
}
