import { z } from 'zod';
import { field } from './fields.js';

export const INTERFACE_ENTRY_KINDS = ['command', 'function', 'class', 'module', 'event'] as const;

const interfaceEntrySchema = z.object({
  name: field(z.string().min(1), 'Name of the command, function, class, module or event.', 'reading add'),
  kind: field(z.enum(INTERFACE_ENTRY_KINDS), 'command, function, class, module or event.', 'command'),
  signature: field(
    z.string().min(1),
    'Exact signature: usage line for a command, typed signature for code.',
    'reading add <title> [--author <name>]',
  ),
  description: field(z.string().min(1), 'What it does, its errors and its side effects.', 'Adds a book to the list and prints its id.'),
  examples: field(z.array(z.string().min(1)), 'Short usage examples.', ['reading add "Dune" --author "Frank Herbert"']),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const apiSpecSchema = field(
  z
    .object({
      style: field(
        z.enum(['openapi', 'interface']),
        '"openapi" for an HTTP API (fill `openapi`), "interface" for a CLI or library (fill `interface`).',
        'interface',
      ),
      summary: field(z.string().min(1), 'What the API offers and to whom, in two or three sentences.', 'The reading list is used from the terminal.'),
      openapi: field(
        z.record(z.string(), z.unknown()).optional(),
        'An OpenAPI 3 document as a JSON object with at least `openapi` ("3.x.y"), `info` and `paths`; required when style is "openapi".',
      ),
      interface: field(
        z
          .object({
            entries: field(z.array(interfaceEntrySchema).min(1), 'Every public command, function, class, module or event.'),
          })
          .optional(),
        'The public interface of a CLI or library; required when style is "interface".',
      ),
    })
    .superRefine((spec, ctx) => {
      if (spec.style === 'interface') {
        if (spec.interface === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['interface'],
            message: 'style is "interface" but `interface` is missing: add interface.entries or set style to "openapi"',
          });
        }
        return;
      }
      const doc = spec.openapi;
      if (doc === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['openapi'],
          message: 'style is "openapi" but `openapi` is missing: add an OpenAPI 3 document or set style to "interface"',
        });
        return;
      }
      const version = doc['openapi'];
      if (typeof version !== 'string' || !version.startsWith('3.')) {
        ctx.addIssue({
          code: 'custom',
          path: ['openapi', 'openapi'],
          message: `openapi.openapi must be a version string starting with "3." (got ${JSON.stringify(version) ?? 'nothing'})`,
        });
      }
      if (!isRecord(doc['paths'])) {
        ctx.addIssue({ code: 'custom', path: ['openapi', 'paths'], message: 'openapi.paths must be an object mapping each path to its operations' });
      }
    }),
  'API specification: the public HTTP API (OpenAPI 3) or the public interface of a CLI or library, written by the API designer.',
);

export type ApiSpec = z.infer<typeof apiSpecSchema>;
export type InterfaceEntry = z.infer<typeof interfaceEntrySchema>;
