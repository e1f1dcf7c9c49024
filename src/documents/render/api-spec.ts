import { stringify } from 'yaml';
import type { ApiSpec, InterfaceEntry } from '../schemas/api-spec.js';
import { codeBlock, heading, inlineCode, section, table } from './markdown.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** One row per operation of an OpenAPI document; the document is untrusted JSON, so every level is checked. */
export function listOperations(openapi: Record<string, unknown>): string[][] {
  const paths = openapi['paths'];
  if (!isRecord(paths)) return [];
  const rows: string[][] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      rows.push([method.toUpperCase(), inlineCode(path), text(operation['summary']) || text(operation['operationId'])]);
    }
  }
  return rows;
}

function renderEntry(entry: InterfaceEntry): string {
  const examples = entry.examples.length === 0 ? '' : `\n\nExamples:\n\n${codeBlock(entry.examples.join('\n'))}`;
  return `${heading(3, `${entry.name} (${entry.kind})`)}\n\n${codeBlock(entry.signature)}\n\n${entry.description.trim()}${examples}`;
}

export function renderApiSpec(spec: ApiSpec): string[] {
  const blocks = [section('Summary', spec.summary), section('Style', spec.style === 'openapi' ? 'OpenAPI 3 (HTTP API)' : 'Interface (CLI or library)')];
  if (spec.openapi !== undefined) {
    blocks.push(
      section('Operations', table(['Method', 'Path', 'Summary'], listOperations(spec.openapi))),
      section('OpenAPI Document', codeBlock(stringify(spec.openapi), 'yaml')),
    );
  }
  if (spec.interface !== undefined) {
    blocks.push(section('Interface', spec.interface.entries.map(renderEntry).join('\n\n')));
  }
  return blocks;
}

/** One entry in a few lines: the heading, the signature inline, what it does, the examples inline. */
function renderEntryForPrompt(entry: InterfaceEntry): string {
  const signature = entry.signature.includes('\n') ? `\n${codeBlock(entry.signature)}\n` : ` ${inlineCode(entry.signature)}\n`;
  const examples =
    entry.examples.length === 0 ? '' : entry.examples.some((example) => example.includes('\n')) ? `\nExamples:\n${codeBlock(entry.examples.join('\n'))}` : `\nExamples: ${entry.examples.map(inlineCode).join('; ')}`;
  return `${heading(3, `${entry.name} (${entry.kind})`)}${signature}${entry.description.trim()}${examples}`;
}

/** The same decisions in fewer characters: signatures and examples inline, the OpenAPI document as compact YAML. */
export function renderApiSpecForPrompt(spec: ApiSpec): string[] {
  const blocks = [section('Summary', spec.summary), section('Style', spec.style === 'openapi' ? 'OpenAPI 3 (HTTP API)' : 'Interface (CLI or library)')];
  if (spec.openapi !== undefined) blocks.push(section('OpenAPI Document', codeBlock(stringify(spec.openapi), 'yaml')));
  if (spec.interface !== undefined) blocks.push(section('Interface', spec.interface.entries.map(renderEntryForPrompt).join('\n\n')));
  return blocks;
}
