import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatFieldPath } from './config-error.js';

/** A parsed YAML file that still knows where each node came from. */
export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** The plain JavaScript value of the document; `null` for an empty file. */
  value: unknown;
}

export interface NodePosition {
  line: number;
  column: number;
  /** False when the path does not exist and the position is its nearest existing parent's. */
  found: boolean;
}

/** Maps a field path of the validated value to a line and column in the file it came from. */
export interface YamlLocator {
  file: string;
  locate(path: readonly PropertyKey[]): NodePosition | undefined;
}

/** Parses YAML text; a syntax error becomes a ConfigError at the line and column of the fault. */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(errorOffset(doc, first));
    const message = first.message.split('\n')[0] ?? first.message;
    throw new ConfigError({ file, line, column: col, message: `invalid YAML: ${message}` }, { cause: first });
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // Excessive alias expansion ("billion laughs") is refused here rather than exhausting memory.
    throw new ConfigError({ file, message: `invalid YAML: ${(error as Error).message}` }, { cause: error });
  }
  return { file, doc, lineCounter, value: value ?? null };
}

/**
 * Where to point a syntax error. The parser reports an unclosed quote where the file ends; the
 * line where the quoted text starts is where the user has to look.
 */
function errorOffset(doc: Document, error: YAMLError): number {
  let offset = error.pos[0];
  if (error.code === 'MISSING_CHAR' && /quote/i.test(error.message)) {
    visit(doc, {
      Scalar(_, node) {
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        if (quoted && node.range && node.range[1] >= error.pos[0]) offset = Math.min(offset, node.range[0]);
      },
    });
  }
  return offset;
}

/** Reads and parses one YAML file; an unreadable file is a ConfigError too. */
export async function readYamlFile(file: string): Promise<YamlSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (error as Error).message})`;
    throw new ConfigError({ file, message: reason }, { cause: error });
  }
  return parseYaml(text, file);
}

/**
 * A locator over `source`. `dropPrefix` serves files whose root is a part of the validated
 * value: a stages file is the list that `stages` holds, so `['stages', 2]` is `[2]` there.
 */
export function yamlLocator(source: YamlSource, options: { dropPrefix?: readonly PropertyKey[] } = {}): YamlLocator {
  const prefix = options.dropPrefix ?? [];
  return {
    file: source.file,
    locate(path) {
      const startsWithPrefix = prefix.every((segment, i) => path[i] === segment);
      return locateNode(source, startsWithPrefix ? path.slice(prefix.length) : path);
    },
  };
}

/**
 * The position of the node at `path`: the key of a mapping entry (the line a user reads as
 * "the field"), an item of a sequence, or the nearest existing parent when the path is missing.
 */
export function locateNode(source: YamlSource, path: readonly PropertyKey[]): NodePosition | undefined {
  let node: unknown = source.doc.contents;
  let position = positionOf(source, node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!pair) return position && { ...position, found: false };
      position = positionOf(source, pair.key) ?? position;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return position && { ...position, found: false };
      position = positionOf(source, item) ?? position;
      node = item;
    } else {
      return position && { ...position, found: false };
    }
  }
  return position;
}

function positionOf(source: YamlSource, node: unknown): NodePosition | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  const { line, col } = source.lineCounter.linePos(range[0]);
  return { line, column: col, found: true };
}

/** Turns every zod issue into a ConfigError at the line of the offending field. */
export function zodIssuesToConfigErrors(
  locator: YamlLocator,
  issues: readonly z.core.$ZodIssue[],
  value: unknown,
): ConfigError[] {
  return issues.map((issue) => {
    const position = locator.locate(issue.path);
    const missing = position !== undefined && !position.found;
    return new ConfigError({
      file: locator.file,
      line: position?.line,
      column: position?.column,
      field: formatFieldPath(issue.path),
      message: describeIssue(issue, missing, valueAt(value, issue.path)),
    });
  });
}

function describeIssue(issue: z.core.$ZodIssue, missing: boolean, received: unknown): string {
  if (issue.code === 'invalid_type') {
    if (missing || received === undefined) return `is required (expected ${issue.expected})`;
    return `expected ${issue.expected}, got ${describeValue(received)}`;
  }
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
    return `${describeValue(received)} is not one of ${allowed}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
