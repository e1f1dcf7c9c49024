import * as z from 'zod';
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

const gotten = (value: unknown): string => JSON.stringify(value) ?? 'nothing';
const VERSION_RULE = (value: unknown) => `openapi.openapi must be a version string starting with "3." (got ${gotten(value)})`;

/**
 * The parts of an OpenAPI document Atelier reads (the version, the paths) are declared, so the
 * JSON schema the model receives states them; everything else an OpenAPI 3 document may hold passes.
 */
const openApiDocumentSchema = z.looseObject({
  openapi: field(
    z.string({ error: (issue) => VERSION_RULE(issue.input) }).regex(/^3\./, { error: (issue) => VERSION_RULE(issue.input) }),
    'The OpenAPI version: a string starting with "3." (Swagger 2 documents are not accepted).',
    '3.1.0',
  ),
  info: field(z.record(z.string(), z.unknown()).optional(), 'The API\'s `title` and `version`.'),
  paths: field(
    z.record(z.string(), z.unknown(), { error: 'openapi.paths must be an object mapping each path to its operations' }),
    'An object mapping each path (e.g. "/books") to its operations (get, post, ...).',
  ),
});

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
        openApiDocumentSchema.optional(),
        'An OpenAPI 3 document as a JSON object with `openapi` (a version starting with "3."), `info` and `paths`; required when style is "openapi".',
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
      if (spec.openapi === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['openapi'],
          message: 'style is "openapi" but `openapi` is missing: add an OpenAPI 3 document or set style to "interface"',
        });
      }
    }),
  'API specification: the public HTTP API (OpenAPI 3) or the public interface of a CLI or library, written by the API designer.',
);

export type ApiSpec = z.infer<typeof apiSpecSchema>;
export type InterfaceEntry = z.infer<typeof interfaceEntrySchema>;
