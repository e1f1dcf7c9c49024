import { Migrator, type Kysely, type MigrationProvider } from 'kysely';

/**
 * Applies the migrations `provider` serves that the database lacks, in name order, and returns
 * the names applied. Throws the failed migration's error, named; later ones stay unapplied.
 */
export async function migrateToLatest(db: Kysely<unknown>, provider: MigrationProvider): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `migration ${failed.migrationName} failed: ${reason}` : reason, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
