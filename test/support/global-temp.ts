import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder a test makes (projects, homes, cassettes) goes under one folder for the
 * whole run, which is removed at the end: the suite leaves nothing behind in the temp directory.
 * Workers inherit TMPDIR from this process; tests that spawn the CLI make their folders here too.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'atelier-suite-'));
  const previous = { TMPDIR: process.env.TMPDIR, ATELIER_DATA_DIR: process.env.ATELIER_DATA_DIR };
  process.env.TMPDIR = root;
  // Tests that run the engine in-process never touch the developer's own project index.
  process.env.ATELIER_DATA_DIR = join(root, 'data');
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    // Generated projects may hold read-only files (installed dependencies): force them out.
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
