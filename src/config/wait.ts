/* How long something waits, as a person writes it in a flag or the configuration, and as the views say it. */

/** `90000` → `1m 30s` (under a second, `250ms`), for what the views say of a wait; `parseWait` reads it back. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let left = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)}${unit}`);
      left %= size;
    }
  }
  return parts.join(' ');
}

/** `30m`, `2h`, `1h 30m`, `45s`, `1d`, `1500ms` (a bare number is seconds) → milliseconds; undefined when it is none of these. */
export function parseWait(text: string): number | undefined {
  const parts = text.trim().split(/\s+(?=\d)|(?<=[a-z])(?=\d)/);
  if (parts.length === 0 || parts.length > 5) return undefined;
  let total = 0;
  for (const part of parts) {
    const match = /^(\d{1,12}(?:\.\d{1,6})?)\s*(ms|s|m|h|d)?$/.exec(part);
    if (!match) return undefined;
    const size = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] as 'ms' | 's' | 'm' | 'h' | 'd' | undefined) ?? 's'];
    total += Math.round(Number(match[1]) * size);
  }
  return Number.isSafeInteger(total) && total <= 365 * 86_400_000 ? total : undefined;
}
