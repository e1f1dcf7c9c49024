/** A rough, provider-neutral token estimate: good enough to keep prompts inside a context window. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface ContextPart {
  heading: string;
  body: string;
  /** One of the run's shared documents (the first message), not call-specific context. */
  shared?: boolean;
  /**
   * How much the call needs it: parts for reference only (`0`, files a task builds on) are left
   * out first, the largest first, before anything else is cut. Default 1.
   */
  priority?: number;
}

/** What packing took away: parts left out whole, and parts cut short (with the characters cut). */
export interface PackReport {
  budgetTokens: number;
  dropped: { heading: string; chars: number }[];
  cut: { heading: string; chars: number }[];
}

/**
 * Fits the parts into `budgetTokens`. First the parts for reference only are left out, largest
 * first, until the rest fits or none is left; then parts that fit their fair share are kept
 * whole, the share they leave over goes to the larger ones, which are cut at the end with a
 * visible marker, so the model knows it saw only part of a document. The report says what went.
 */
export function packContext(parts: ContextPart[], budgetTokens: number): { parts: ContextPart[]; report: PackReport } {
  const budgetChars = Math.max(0, budgetTokens * 4);
  const report: PackReport = { budgetTokens, dropped: [], cut: [] };
  let total = parts.reduce((sum, part) => sum + part.body.length, 0);
  if (total <= budgetChars) return { parts, report };

  const left = new Set<number>();
  const droppable = [...parts.keys()].filter((index) => (parts[index]!.priority ?? 1) < 1);
  droppable.sort((a, b) => (parts[a]!.priority ?? 1) - (parts[b]!.priority ?? 1) || parts[b]!.body.length - parts[a]!.body.length);
  for (const index of droppable) {
    if (total <= budgetChars) break;
    left.add(index);
    total -= parts[index]!.body.length;
    report.dropped.push({ heading: parts[index]!.heading, chars: parts[index]!.body.length });
  }
  const kept = parts.filter((_, index) => !left.has(index));
  if (total <= budgetChars) return { parts: kept, report };

  const bySize = [...kept.keys()].sort((a, b) => kept[a]!.body.length - kept[b]!.body.length);
  const allowed = new Map<number, number>();
  let remaining = budgetChars;
  bySize.forEach((index, position) => {
    const share = Math.floor(remaining / (bySize.length - position));
    const granted = Math.min(kept[index]!.body.length, share);
    allowed.set(index, granted);
    remaining -= granted;
  });

  const packed = kept.map((part, index) => {
    const limit = allowed.get(index) ?? 0;
    if (part.body.length <= limit) return part;
    const cut = part.body.length - limit;
    report.cut.push({ heading: part.heading, chars: cut });
    const kept = part.body.slice(0, limit);
    // A cut inside a code block closes it, or the rest of the prompt would read as code.
    const fence = openFence(kept);
    const closed = fence === undefined ? kept : `${kept}${kept.endsWith('\n') ? '' : '\n'}${fence}`;
    return { ...part, body: `${closed}\n\n[… ${cut} characters cut to fit the model's context …]` };
  });
  return { parts: packed, report };
}

/** A fence line: up to three spaces, then three or more backticks or tildes, then the rest of the line. */
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*?)\r?$/;

/**
 * The run of backticks or tildes that opened a fenced code block the text ends inside, or
 * undefined when every block it opens is closed. A block closes at a line of the same character,
 * at least as long, and nothing else (CommonMark), so a shorter run inside it is content.
 */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const match = FENCE_LINE.exec(line);
    if (match === null) continue;
    const run = match[1]!;
    const rest = match[2]!;
    if (open === undefined) {
      // A backtick fence's info string holds no backtick: such a line is inline code, not a fence.
      if (!(run.startsWith('`') && rest.includes('`'))) open = run;
    } else if (run[0] === open[0] && run.length >= open.length && rest.trim() === '') {
      open = undefined;
    }
  }
  return open;
}

/** One line for `show` and the events: what a call's prompt left out, or undefined when nothing was. */
export function describePacking(report: PackReport): string | undefined {
  const items = [
    ...report.dropped.map((part) => `left out ${part.heading} (${part.chars} chars)`),
    ...report.cut.map((part) => `cut ${part.chars} chars of ${part.heading}`),
  ];
  return items.length === 0 ? undefined : `to fit ${report.budgetTokens} tokens: ${items.join('; ')}`;
}
