import { InvalidModelOutputError } from './invalid-model-output-error.js';
import { ModelCallError } from './model-call-error.js';
import type { Route } from './route.js';

/**
 * Whether the next model takes over after `error` on `route`, and which one: after transient
 * failures the retries could not fix, and after answers that kept failing the schema, the
 * next backup; after a prompt too large for the context, the next backup with a larger one.
 * Permanent failures (a refused key, no credit, a missing model) and a spent budget stop here.
 */
export function fallbackReason(error: unknown, route: Route, rest: readonly Route[]): { route: Route; reason: string } | undefined {
  if (InvalidModelOutputError.isInstance(error)) {
    const next = rest[0];
    return next && { route: next, reason: `its answers failed the "${error.schemaName}" schema after ${error.attempts} attempts` };
  }
  if (!ModelCallError.isInstance(error)) return undefined;
  if (error.failure === 'transient') {
    const next = rest[0];
    const what = error.statusCode !== undefined ? `HTTP ${error.statusCode}` : error.kind;
    return next && { route: next, reason: `${what} persisted through the retries` };
  }
  if (error.failure === 'context') {
    const current = route.catalog?.contextLength ?? 0;
    const larger = rest.find((candidate) => (candidate.catalog?.contextLength ?? 0) > current);
    return larger && { route: larger, reason: `the prompt is too large for its ${current > 0 ? `${current}-token ` : ''}context` };
  }
  return undefined;
}
