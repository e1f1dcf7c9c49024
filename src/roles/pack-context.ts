/** A rough, provider-neutral token estimate: good enough to keep prompts inside a context window. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface ContextPart {
  heading: string;
  body: string;
}

/**
 * Fits the parts into `budgetTokens`. Parts that fit their fair share are kept whole; the
 * share they leave over goes to the larger ones, which are cut at the end with a visible
 * marker, so the model knows it saw only part of a document.
 */
export function packContext(parts: ContextPart[], budgetTokens: number): ContextPart[] {
  const budgetChars = Math.max(0, budgetTokens * 4);
  const total = parts.reduce((sum, part) => sum + part.body.length, 0);
  if (total <= budgetChars) return parts;

  const bySize = [...parts.keys()].sort((a, b) => parts[a]!.body.length - parts[b]!.body.length);
  const allowed = new Map<number, number>();
  let remaining = budgetChars;
  bySize.forEach((index, position) => {
    const share = Math.floor(remaining / (bySize.length - position));
    const size = parts[index]!.body.length;
    const granted = Math.min(size, share);
    allowed.set(index, granted);
    remaining -= granted;
  });

  return parts.map((part, index) => {
    const limit = allowed.get(index) ?? 0;
    if (part.body.length <= limit) return part;
    const cut = part.body.length - limit;
    return { heading: part.heading, body: `${part.body.slice(0, limit)}\n\n[… ${cut} characters cut to fit the model's context …]` };
  });
}
