/** The project index's one table, as Kysely sees it. Timestamps are ISO-8601 strings. */

export interface KnownProjectsTable {
  root: string;
  name: string;
  first_seen: string;
  last_seen: string;
  /**
   * Bumped to one past the largest on every `remember`, by the statement itself, so "most
   * recently seen first" holds even when two sightings share a millisecond.
   */
  seen_order: number;
}

export interface ProjectIndexDatabase {
  known_projects: KnownProjectsTable;
}
