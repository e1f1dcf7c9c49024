import { codeBlock } from './markdown.js';

/** A ```mermaid block from diagram lines. */
export function mermaidBlock(lines: readonly string[]): string {
  return codeBlock(lines.join('\n'), 'mermaid');
}

/**
 * Text safe on one mermaid line: no newlines, no backticks (they open markdown strings),
 * no `%%` (a comment) and, unless `keepQuotes`, no double quotes (they close quoted labels).
 */
export function mermaidLabel(text: string, options: { fallback?: string; keepQuotes?: boolean } = {}): string {
  let cleaned = text.replace(/\s+/g, ' ').replace(/`/g, "'").replace(/%%/g, '% %').trim();
  if (options.keepQuotes !== true) cleaned = cleaned.replace(/"/g, "'");
  return cleaned === '' ? (options.fallback ?? '?') : cleaned;
}

/** `#` and `;` end a sequence-diagram message; mermaid's entity codes keep them as text. */
export function mermaidEntities(text: string): string {
  return text.replace(/[#;]/g, (char) => (char === '#' ? '#35;' : '#59;'));
}

/**
 * Gives every name a stable identifier made of word characters, unique within one diagram.
 * `prepare` makes the candidate safe for the diagram's grammar (keywords, first character).
 */
export class MermaidIds {
  private readonly byName = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly prepare: (candidate: string) => string) {}

  idFor(name: string): string {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const base = this.prepare(name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'Node');
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.byName.set(name, id);
    this.taken.add(id);
    return id;
  }

  /** Whether the id had to differ from the name, so the diagram must show the name as a label. */
  needsLabel(name: string): boolean {
    return this.idFor(name) !== name;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
