import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The end-to-end files spawn the built CLI and wait on it, so they take most of the suite's
 * time: starting them first keeps one slow file from running alone at the end.
 */
class EndToEndFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = (file: TestSpecification) => (/[\\/]test[\\/]e2e[\\/]/.test(file.moduleId) || /fake-server|hostile|sandbox/.test(file.moduleId) ? 0 : 1);
    return [...sorted].sort((a, b) => slow(a) - slow(b));
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Tests in this process never touch the developer's own project index.
    env: { ATELIER_DATA_DIR: mkdtempSync(join(tmpdir(), 'atelier-test-data-')) },
    // Most files wait on child processes (the CLI, git, bubblewrap), not on the CPU, so more
    // workers than cores shortens the suite; vitest's default on two cores is one worker.
    maxWorkers: Number(process.env.ATELIER_TEST_WORKERS ?? 4),
    sequence: { sequencer: EndToEndFirst },
  },
});
