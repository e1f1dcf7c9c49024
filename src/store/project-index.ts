/**
 * The user-level list of projects Atelier has worked in, so their runs can be found without
 * scanning folders. Each backend passes project-index-conformance.ts.
 */

export interface KnownProject {
  /** The project's folder, an absolute normalised path; the key. */
  root: string;
  name: string;
  firstSeen: string;
  lastSeen: string;
}

export interface ProjectIndex {
  /** Adds the project or updates its name and lastSeen; `root` is an absolute path and the key. */
  remember(project: { root: string; name: string }): Promise<KnownProject>;
  /** Most recently seen first. */
  list(): Promise<KnownProject[]>;
  forget(root: string): Promise<void>;
  close(): Promise<void>;
}
