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
    // A safety net against a hung child, not a speed goal (those live in bench/): an end-to-end
    // run of the whole company takes 20-40 s here, more while the machine is busy.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/global-temp.ts'],
    // vitest's default on two cores is one worker. Two, one per core, keep both busy while a file
    // waits on its child processes (the CLI, git, bubblewrap); more made the CPU-bound files slower.
    maxWorkers: Number(process.env.ATELIER_TEST_WORKERS ?? 2),
    sequence: { sequencer: EndToEndFirst },
  },
});
