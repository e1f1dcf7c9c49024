import * as z from 'zod';
import { StoreError } from './store-error.js';

/**
 * JSON values live in TEXT columns. Writing rejects what JSON cannot hold faithfully (cycles,
 * BigInt); reading treats the text as untrusted and checks it against a schema.
 */

export function toJsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    // `undefined` has no JSON form; it is stored as null, the closest meaning.
    text = JSON.stringify(value ?? null);
  } catch (error) {
    throw new StoreError(`could not serialise ${what} as JSON`, errorMessage(error), { cause: error });
  }
  if (text === undefined) {
    throw new StoreError(`could not serialise ${what} as JSON`, `a ${typeof value} has no JSON form`);
  }
  return text;
}

export function fromJsonText<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StoreError(`could not read ${what}`, `the stored JSON is corrupt (${errorMessage(error)})`, {
      cause: error,
    });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new StoreError(`could not read ${what}`, `the stored value has the wrong shape: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export const anyJson = z.unknown();
export const stringList = z.array(z.string());
export const jsonObject = z.record(z.string(), z.unknown());

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
