import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Guard } from './resource-guard.js';
import type { StoreDatabase } from './schema.js';

/** What the query groups of the Kysely store share. */
export interface QueryContext {
  db: Kysely<StoreDatabase>;
  guard: Guard;
  /** The current time as an ISO-8601 string. */
  now: () => string;
}

type RunScopedTable = 'stages' | 'tasks' | 'documents' | 'model_calls';

/**
 * The next creation position of a row within its run, as a subquery of the insert itself:
 * a single statement is atomic, so two concurrent inserts cannot take the same position
 * on SQLite, and no rowid or timestamp (which ties within a millisecond) is needed.
 */
export function nextOrdinalInRun(table: RunScopedTable, runId: string) {
  return (eb: ExpressionBuilder<StoreDatabase, RunScopedTable>) =>
    eb
      .selectFrom(table)
      .where('run_id', '=', runId)
      .select((sub) => sub(sub.fn.coalesce(sub.fn.max('ordinal'), sub.lit(0)), '+', 1).as('next'));
}
