import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { probeBubblewrap } from '../../src/sandbox/bubblewrap-driver.js';
import { BOOKMARKS_SERVER, buggyServer, deleteRepairEdit, fixingBookmarksEngineer } from '../support/scenarios/bookmarks-api-bugs.js';
import { offlineSkipReason, userNpmCache } from '../support/scenarios/bookmarks-api-offline.js';
import { bookmarksApiScenario } from '../support/scenarios/bookmarks-api.js';
import { runScenario } from '../support/scenarios/run-scenario.js';
import { showRun } from './e2e-helpers.js';

// The packages come from the npm cache this repository's own `npm ci` filled, lent read-only to a
// sandbox without network: the test needs no registry, and proves the offline mode a user can ask for.
const cache = userNpmCache();
const bubblewrap = await probeBubblewrap();
const skipReason = offlineSkipReason(cache) ?? (bubblewrap.available ? undefined : `no isolating sandbox to block the network: ${bubblewrap.reason}`);

describe('a TypeScript HTTP service with npm dependencies (atelier run against the fake server, installed offline)', () => {
  it.skipIf(skipReason !== undefined)(
    `installs from the npm cache without network or package scripts, type-checks, builds, tests and smoke-runs the service, and fixes the type error in one round${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`,
    { timeout: 300_000 },
    async () => {
      const npmCache = realpathSync(cache!);
      const run = await runScenario(bookmarksApiScenario, fixingBookmarksEngineer, { env: { ATELIER_OFFLINE_NPM_CACHE: npmCache } });
      expect(run.result.stderr).toBe('');
      expect(run.result.code).toBe(0);

      // The engineers wrote the lockfile with the manifest; QA added its vitest acceptance tests.
      expect(run.gitLog).toContainEqual({ author: 'QA Engineer (Atelier)', subject: 'QA: acceptance tests for 5 user stories' });
      expect(JSON.parse(run.read('package-lock.json'))).toMatchObject({ lockfileVersion: 3 });

      // Round 0 fails on T3's string id: tsc refuses it (type check and build) and the delete tests fail.
      const results = run.events.filter((e) => e.type === 'test.result').map((e) => [e.payload.round, e.payload.status, e.payload.testsPass, e.payload.command]);
      expect(results).toEqual([
        [0, 'fail', false, 'npm test'],
        [1, 'pass', true, 'npm test'],
      ]);
      const started = run.events.find((e) => e.type === 'fix.round.started')!;
      expect(started.payload).toMatchObject({ round: 1, failing: ['typecheck', 'build', 'test'] });
      expect(started.payload.suspects).toContain(BOOKMARKS_SERVER);
      const finished = run.events.find((e) => e.type === 'fix.round.finished')!;
      expect(finished.payload).toMatchObject({ round: 1, outcome: 'passing', files: [BOOKMARKS_SERVER], status: 'pass', testsPass: true });
      expect(buggyServer).toContain(deleteRepairEdit.search);
      expect(run.read(BOOKMARKS_SERVER)).toContain(deleteRepairEdit.replace);

      // Every step, both rounds: the install ran once, offline, and was reused by the fix round.
      const steps = run.events.filter((e) => e.type === 'pipeline.step').map((e) => [e.payload.step, e.payload.outcome]);
      expect(steps).toEqual([
        ['install', 'passed'],
        ['typecheck', 'failed'],
        ['build', 'failed'],
        ['test', 'failed'],
        ['smoke', 'passed'],
        ['syntax', 'passed'],
        ['typecheck', 'passed'],
        ['build', 'passed'],
        ['test', 'passed'],
        ['smoke', 'passed'],
      ]);
      const install = run.events.find((e) => e.type === 'pipeline.step' && e.payload.step === 'install')!.payload;
      expect(install.command).toBe(`npm ci --offline --cache ${npmCache} --no-update-notifier --ignore-scripts --no-audit --no-fund --logs-dir $HOME/.npm/_logs`);
      expect(install.note).toBe(`offline, no network: packages only from the npm cache ${npmCache}, lent read-only; a package missing from it fails with ENOTCACHED; package scripts disabled (--ignore-scripts): a dependency's install scripts never run; a package that needs one (a native build) may not work`);

      const report = run.read('docs/test_report.md');
      expect(report).toContain("The project's own tests **pass**.");
      expect(report).toContain('Reached after 1 fix round.');
      expect(report).toContain('Sandbox: bubblewrap');
      expect(report).toContain(`| install | passed | \`${install.command}\` | 0 |`);
      expect(report).toMatch(/\| dependencies unchanged: the earlier install is reused; offline, no network: packages only from the npm cache .*; package scripts disabled \(--ignore-scripts\)[^|]* \|/);
      expect(report).toMatch(/\| typecheck \| passed \| `tsc --noEmit` \| 0 \|/);
      expect(report).toMatch(/\| build \| passed \| `npm run build` \| 0 \|/);
      expect(report).toMatch(/\| test \| passed \| `npm test` \| 0 \|/);
      expect(report).toMatch(/\| smoke \| passed \| `node dist\/smoke\.js` \| 0 \| [\d.]+ s \| ran and exited 0 \|/);
      expect(report).toMatch(/The project's tests pass: `npm test` exited 0 \(21 passed, 0 failed\)\./);
      // vitest colours its output under CI=1; the report keeps the words only.
      expect(report).toContain('Tests  21 passed (21)');
      expect(report).not.toContain('\u001b');

      const shown = await showRun(run.runId, run.cwd, run.env, bookmarksApiScenario.name);
      expect(shown.run.status).toBe('succeeded');
    },
  );
});
