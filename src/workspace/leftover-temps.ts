import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** `.<name>.<12 hex>.tmp`: the temporary file a workspace write renames into place. */
const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Where a write of `target` goes before it is renamed over it (same folder, so the rename is atomic). */
export function tempFileFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

// Not the project's own files: git's, the store's, and installed dependencies.
const SKIPPED = new Set(['.git', '.atelier', 'node_modules', '.pydeps', '__pycache__']);

/**
 * Removes the temporary files writes of a killed process left in the project (a crash between
 * writing and renaming), and returns them relative to `root`. Run only while no other process
 * writes the project (under its lease): a live write's temp file looks the same.
 */
export async function removeLeftoverTemps(root: string): Promise<string[]> {
  const removed: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) await walk(full);
      else if (entry.isFile() && TEMP_NAME.test(entry.name)) {
        await rm(full, { force: true });
        removed.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  }
  await walk(root);
  return removed.sort();
}
