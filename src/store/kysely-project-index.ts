import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { KnownProject, ProjectIndex } from './project-index.js';
import type { KnownProjectsTable, ProjectIndexDatabase } from './project-index-schema.js';
import { resourceGuard, type ResourceGuardOptions } from './resource-guard.js';

/** The `ProjectIndex` written once against Kysely; a backend opens the connection and migrates. */
export function createKyselyProjectIndex(db: Kysely<ProjectIndexDatabase>, options: ResourceGuardOptions): ProjectIndex {
  const { guard, close } = resourceGuard('the project index', options);
  return {
    remember: (project) => {
      const root = path.resolve(project.root);
      return guard(`remember project ${root}`, async () => {
        const at = new Date().toISOString();
        const row = await db
          .insertInto('known_projects')
          .values({
            root,
            name: project.name,
            first_seen: at,
            last_seen: at,
            seen_order: (eb) =>
              eb
                .selectFrom('known_projects')
                .select((sub) => sub(sub.fn.coalesce(sub.fn.max('seen_order'), sub.lit(0)), '+', 1).as('next')),
          })
          .onConflict((oc) =>
            oc.column('root').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              last_seen: eb.ref('excluded.last_seen'),
              seen_order: eb.ref('excluded.seen_order'),
            })),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return knownProjectFromRow(row);
      });
    },

    list: () =>
      guard('list the known projects', async () => {
        const rows = await db.selectFrom('known_projects').selectAll().orderBy('seen_order', 'desc').execute();
        return rows.map(knownProjectFromRow);
      }),

    forget: (root) => {
      const resolved = path.resolve(root);
      return guard(`forget project ${resolved}`, async () => {
        await db.deleteFrom('known_projects').where('root', '=', resolved).execute();
      });
    },

    close,
  };
}

function knownProjectFromRow(row: Selectable<KnownProjectsTable>): KnownProject {
  return { root: row.root, name: row.name, firstSeen: row.first_seen, lastSeen: row.last_seen };
}
