import type { Kysely, Migration, MigrationProvider } from 'kysely';

/** The project index's schema migrations, in code like the store's (migrations.ts). */
const migrations: Record<string, Migration> = {
  '0001_known_projects': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('known_projects')
        .addColumn('root', 'text', (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('first_seen', 'text', (col) => col.notNull())
        .addColumn('last_seen', 'text', (col) => col.notNull())
        .addColumn('seen_order', 'integer', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('known_projects_seen').on('known_projects').column('seen_order').execute();
    },
  },
};

export const projectIndexMigrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
