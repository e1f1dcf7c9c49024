import { sql, type Kysely, type RawBuilder } from 'kysely';
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
 * Written as SQL rather than built: every ledger row takes it, and building the subquery
 * cost more than the rest of the insert's building (the SQL is the same the builder made).
 */
export function nextOrdinalInRun(table: RunScopedTable, runId: string): RawBuilder<number> {
  return sql<number>`(select coalesce(max(${sql.ref('ordinal')}), 0) + ${1} as ${sql.ref('next')} from ${sql.table(table)} where ${sql.ref('run_id')} = ${runId})`;
}
