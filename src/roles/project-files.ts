import { normalizeProjectPath } from '../documents/index.js';
import type { Workspace } from '../workspace/workspace.js';
import { isProjectCode } from './pipeline/project-facts.js';

/** Larger files are data or generated; a model edits neither by search and replace. */
const MAX_SNAPSHOT_BYTES = 256 * 1024;

/** The project's files as they are now, by normalised path: what edits are checked against. */
export async function snapshotProjectFiles(workspace: Pick<Workspace, 'listFiles' | 'readFile'>): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for (const path of (await workspace.listFiles()).filter(isProjectCode)) {
    const content = await workspace.readFile(path);
    if (content !== undefined && Buffer.byteLength(content) <= MAX_SNAPSHOT_BYTES) snapshot.set(normalizeProjectPath(path), content);
  }
  return snapshot;
}

/** A file's content shown to a model, in a fence the content cannot close early. */
export function fenced(content: string): string {
  // A reduce, not Math.max(...runs): a file of a million backtick runs would overflow the call's arguments.
  const longest = (content.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 2);
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${content.replace(/\n$/, '')}\n${fence}`;
}

/** Test files by the conventions of the common runners (node --test, vitest, jest, pytest, unittest). */
export function isTestPath(path: string): boolean {
  const normal = normalizeProjectPath(path);
  const name = normal.split('/').pop() ?? '';
  return (
    /(^|\/)(test|tests|__tests__|spec)\//.test(normal) ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(name) ||
    /[-_]test\.[cm]?[jt]s$/.test(name) ||
    /^test[-_.].*\.[cm]?[jt]s$/.test(name) ||
    /^test_.*\.py$/.test(name) ||
    /_test\.py$/.test(name)
  );
}
