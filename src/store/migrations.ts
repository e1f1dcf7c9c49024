import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { migrateToLatest } from './migrate-to-latest.js';

/**
 * Schema migrations, kept in code so a bundled or installed CLI never reads migration files
 * from disk. Names sort in apply order; add a new entry, never edit an applied one.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>): Promise<void> {
      const schema = db.schema;

      await schema
        .createTable('projects')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('root', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();

      await schema
        .createTable('runs')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('ordinal', 'integer', (col) => col.notNull().unique())
        .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id'))
        .addColumn('idea', 'text', (col) => col.notNull())
        .addColumn('workflow_id', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('plan_json', 'text', (col) => col.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      await schema.createIndex('runs_project').on('runs').columns(['project_id', 'ordinal']).execute();

      await schema
        .createTable('stages')
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id'))
        .addColumn('stage_id', 'text', (col) => col.notNull())
        .addColumn('ordinal', 'integer', (col) => col.notNull())
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('model', 'text')
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('stages_pk', ['run_id', 'stage_id'])
        .execute();

      await schema
        .createTable('tasks')
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id'))
        .addColumn('stage_id', 'text', (col) => col.notNull())
        .addColumn('task_id', 'text', (col) => col.notNull())
        .addColumn('ordinal', 'integer', (col) => col.notNull())
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull())
        .addColumn('spec_json', 'text', (col) => col.notNull())
        .addColumn('error', 'text')
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('tasks_pk', ['run_id', 'stage_id', 'task_id'])
        .execute();

      await schema
        .createTable('documents')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id'))
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id'))
        .addColumn('ordinal', 'integer', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('content_json', 'text', (col) => col.notNull())
        .addColumn('author_role', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('lineage_json', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addUniqueConstraint('documents_project_name_version', ['project_id', 'name', 'version'])
        .execute();
      await schema.createIndex('documents_run').on('documents').columns(['run_id', 'ordinal']).execute();

      await schema
        .createTable('events')
        // SQLite's AUTOINCREMENT never reuses a seq, even after the newest event is deleted, so
        // a reader resuming from `afterSeq` cannot miss one. Postgres will use an identity column.
        .addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id'))
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('stage_id', 'text')
        .addColumn('task_id', 'text')
        .addColumn('payload_json', 'text', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull())
        .execute();
      await schema.createIndex('events_run_seq').on('events').columns(['run_id', 'seq']).execute();

      await schema
        .createTable('model_calls')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id'))
        .addColumn('ordinal', 'integer', (col) => col.notNull())
        .addColumn('stage_id', 'text')
        .addColumn('task_id', 'text')
        .addColumn('role', 'text')
        .addColumn('provider', 'text', (col) => col.notNull())
        .addColumn('model', 'text', (col) => col.notNull())
        .addColumn('request_hash', 'text', (col) => col.notNull())
        .addColumn('input_tokens', 'integer', (col) => col.notNull())
        .addColumn('output_tokens', 'integer', (col) => col.notNull())
        .addColumn('cached_input_tokens', 'integer', (col) => col.notNull())
        .addColumn('latency_ms', 'integer', (col) => col.notNull())
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('cost_usd', 'text')
        .addColumn('at', 'text', (col) => col.notNull())
        .execute();
      await schema.createIndex('model_calls_run').on('model_calls').columns(['run_id', 'ordinal']).execute();

      await schema
        .createTable('response_cache')
        .addColumn('request_hash', 'text', (col) => col.primaryKey())
        .addColumn('response_json', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
    },
  },

  '0002_leases': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('owner', 'text', (col) => col.notNull())
        .addColumn('holder', 'text', (col) => col.notNull())
        .addColumn('acquired_at', 'text', (col) => col.notNull())
        .addColumn('heartbeat_at', 'text', (col) => col.notNull())
        // Epoch ms outgrow a 32-bit integer; SQLite stores BIGINT as its one INTEGER type.
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
    },
  },

  /** `show` reads the few event types it shows out of a long log without reading the rest. */
  '0003_events_by_type': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('events_run_type_seq').on('events').columns(['run_id', 'type', 'seq']).execute();
    },
  },
};

/** Serves the in-code migrations to Kysely's `Migrator`. */
export const storeMigrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/**
 * Brings the schema to the latest version. Throws the migration's own error (the caller adds
 * which store it was opening); a failed migration leaves later ones unapplied.
 */
export function migrateStoreToLatest(db: Kysely<unknown>): Promise<string[]> {
  return migrateToLatest(db, storeMigrationProvider);
}
