import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testSuiteSchema } from '../../../src/documents/index.js';
import { applyEdits } from '../../../src/roles/apply-edits.js';
import { planInstall, type PlannedCommand } from '../../../src/roles/pipeline/plan-steps.js';
import { readProjectFacts } from '../../../src/roles/pipeline/project-facts.js';
import { parseTestTotals } from '../../../src/roles/test-output.js';
import { detectSandbox, type SandboxDriver } from '../../../src/sandbox/sandbox.js';
import { openWorkspace } from '../../../src/workspace/workspace.js';
import { BOOKMARKS_API_IDEA, bookmarksApiScenario } from './bookmarks-api.js';
import { BOOKMARKS_SERVER, buggyServer, deleteRepairEdit, fixingBookmarksEngineer } from './bookmarks-api-bugs.js';
import { bookmarksLockedPackages, lockedName, offlineSkipReason, userNpmCache } from './bookmarks-api-offline.js';
import { describeScenarioConformance } from './scenario-conformance.js';
import type { FakeChatRequest } from '../fake-llm-types.js';

const { system_design: design, task_plan: plan, api_spec: apiSpec, review } = bookmarksApiScenario.documents;
const files = new Map(Object.values(bookmarksApiScenario.tasks).flatMap((change) => change.files.map((file) => [file.path, file.content] as const)));
const file = (path: string): string => files.get(path) ?? '';

describeScenarioConformance(bookmarksApiScenario);

describe('bookmarks-api scenario documents', () => {
  it('restates the idea, and declares the build, the tests and a smoke script that calls the health endpoint', () => {
    expect(bookmarksApiScenario.documents.prd.original_requirements).toBe(BOOKMARKS_API_IDEA);
    expect(design.commands).toEqual({ install: 'npm ci', build: 'npm run build', test: 'npm test', run: 'node dist/smoke.js' });
    const manifest = JSON.parse(file('package.json')) as { scripts: Record<string, string>; dependencies?: unknown; devDependencies: Record<string, string> };
    expect(manifest.scripts).toMatchObject({ build: 'tsc -p tsconfig.build.json', test: 'vitest run', start: 'node dist/main.js' });
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.fromEntries(plan.required_packages.map((p) => [p.name, p.version]))).toEqual(manifest.devDependencies);
    expect(plan.required_packages.every((p) => p.dev)).toBe(true);
    expect(file('src/smoke.ts')).toContain('/health');
  });

  it("locks only packages Atelier's own lockfile locks, at the same version and hash, with registry tarball URLs and no other URL", () => {
    const ours = z.object({ packages: z.record(z.string(), z.looseObject({ version: z.string().optional(), integrity: z.string().optional() })) }).parse(JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')));
    const atelierLocks = new Map(Object.entries(ours.packages).map(([path, entry]) => [`${lockedName(path)}@${entry.version}`, entry.integrity]));
    const locked = bookmarksLockedPackages();
    expect(locked.size).toBeGreaterThan(30);
    for (const [path, entry] of locked) {
      const name = lockedName(path);
      const id = `${name}@${entry.version}`;
      expect(entry.resolved, id).toBe(`https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`);
      expect(entry.integrity, id).toMatch(/^sha512-/);
      expect(atelierLocks.get(id), id).toBe(entry.integrity);
    }
    const urls = file('package-lock.json').match(/https?:\/\/[^"\s]+/g) ?? [];
    expect(urls.every((url) => url.startsWith('https://registry.npmjs.org/') && url.endsWith('.tgz'))).toBe(true);
    const root = (JSON.parse(file('package-lock.json')) as { packages: Record<string, { devDependencies?: unknown }> }).packages[''];
    expect(root?.devDependencies).toEqual((JSON.parse(file('package.json')) as { devDependencies: unknown }).devDependencies);
  });

  it('the API spec documents every route the server answers, and the server every path of the spec', () => {
    const paths = Object.keys(apiSpec.openapi?.paths ?? {});
    expect(paths).toEqual(['/health', '/bookmarks', '/bookmarks/{id}']);
    const server = file('src/server.ts');
    for (const path of ["'/health'", "'/bookmarks'", '/^\\/bookmarks\\/([^/]+)$/']) expect(server).toContain(path);
    for (const status of [200, 201, 204, 400, 404, 405, 409, 413, 415]) expect(JSON.stringify(apiSpec.openapi) + server, String(status)).toContain(String(status));
  });

  it('the review counts the engineers’ tests right, and QA’s test names are the tests of its file', () => {
    const tests = [...files].filter(([path]) => path.endsWith('.spec.ts')).reduce((count, [, content]) => count + (content.match(/^\s*it\(/gm)?.length ?? 0), 0);
    expect(review.summary).toContain(`The ${tests} tests`);
    const suite = testSuiteSchema.parse(bookmarksApiScenario.testSuite);
    for (const name of suite.plan.cases.map((c) => c.test)) expect(suite.files[0]!.content).toContain(`it('${name}'`);
  });

  it('breaks one line of the server in T3, and the fix round repairs it with one exact edit', async () => {
    const correct = file(BOOKMARKS_SERVER);
    expect(buggyServer.split('\n').filter((line, i) => line !== correct.split('\n')[i])).toHaveLength(1);
    expect(applyEdits([deleteRepairEdit], (path) => (path === BOOKMARKS_SERVER ? buggyServer : undefined))).toEqual({ contents: new Map([[BOOKMARKS_SERVER, correct]]), problems: [] });
    const request: FakeChatRequest = { api: 'openai', model: 'm', system: '', messages: [{ role: 'user', content: '' }], stream: false, headers: {}, body: {}, bodyHash: '', index: 0 };
    const reply = (await fixingBookmarksEngineer['fix:1']!(request)) as { content: string };
    expect(JSON.parse(reply.content)).toMatchObject({ edits: [deleteRepairEdit], files: [] });
  });
});

const cache = userNpmCache();
const skipReason = offlineSkipReason(cache);

/**
 * The project as the pipeline sees it, in the sandbox: installed offline from the npm cache that
 * this repository's `npm ci` filled (lent read-only, no network), then each of the design's commands.
 */
describe.skipIf(skipReason !== undefined)(`the project the scenario writes, installed offline${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`, () => {
  let projectDir = '';
  let sandbox: SandboxDriver;

  async function inSandbox(argv: string[], extra: { readOnlyPaths?: string[] } = {}): Promise<{ code: number | null; output: string; durationMs: number }> {
    const result = await sandbox.run({ argv, cwd: projectDir, timeoutMs: 120_000, memoryMb: 1024, network: false, ...extra });
    return { code: result.exitCode, output: `${result.stdout}\n${result.stderr}`, durationMs: result.durationMs };
  }
  const shell = (line: string) => inSandbox(['sh', '-c', line]);

  beforeAll(async () => {
    projectDir = realpathSync(mkdtempSync(join(tmpdir(), 'atelier-bookmarks-')));
    for (const change of [...Object.values(bookmarksApiScenario.tasks), bookmarksApiScenario.testSuite]) {
      for (const written of change.files) {
        mkdirSync(dirname(join(projectDir, written.path)), { recursive: true });
        writeFileSync(join(projectDir, written.path), written.content);
      }
    }
    sandbox = await detectSandbox();
    const install = planInstall(await readProjectFacts(await openWorkspace(projectDir)), undefined, { isolated: sandbox.isolated, offlineNpmCache: realpathSync(cache!) }) as PlannedCommand;
    const installed = await inSandbox(install.argv, { readOnlyPaths: install.readOnlyPaths! });
    expect(installed.code, installed.output.slice(-2_000)).toBe(0);
    expect(install.display).toMatch(/^npm ci --offline --cache /);
  });

  it('type-checks and builds without errors', async () => {
    const typecheck = await inSandbox(['node', 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
    expect(typecheck.code, typecheck.output).toBe(0);
    const build = await shell(design.commands.build!);
    expect(build.code, build.output).toBe(0);
    expect(readFileSync(join(projectDir, 'dist/smoke.js'), 'utf8')).toContain('/health');
  });

  it('passes its own tests and QA’s acceptance tests with the design’s test command', async () => {
    const result = await shell(design.commands.test);
    expect(result.code, result.output.slice(-2_000)).toBe(0);
    const totals = parseTestTotals(result.output);
    expect(totals).toEqual({ passed: 16 + bookmarksApiScenario.testSuite.plan.cases.length, failed: 0, skipped: 0 });
  });

  it('passes the smoke run: the service starts on a free port of the sandbox’s loopback, answers /health and stops, well within 5 s', async () => {
    await shell(design.commands.build!);
    const smoke = await shell(design.commands.run!);
    expect(smoke.code, smoke.output).toBe(0);
    expect(smoke.output).toMatch(/^smoke: GET http:\/\/127\.0\.0\.1:\d+\/health answered 200 \{"status":"ok"\}$/m);
    expect(smoke.durationMs).toBeLessThan(5_000);
  });

  it('with T3’s bug: tsc reports the string id, the delete tests fail, and the smoke run still passes', async () => {
    writeFileSync(join(projectDir, BOOKMARKS_SERVER), buggyServer);
    try {
      const typecheck = await inSandbox(['node', 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
      expect(typecheck.code).not.toBe(0);
      expect(typecheck.output).toMatch(/^src\/server\.ts\(\d+,\d+\): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'\./m);
      expect((await shell(design.commands.build!)).code).not.toBe(0);
      const tests = await shell(design.commands.test);
      expect(tests.code).not.toBe(0);
      expect(parseTestTotals(tests.output)?.failed).toBeGreaterThanOrEqual(2);
      expect((await shell(design.commands.run!)).code).toBe(0);
    } finally {
      writeFileSync(join(projectDir, BOOKMARKS_SERVER), file(BOOKMARKS_SERVER));
    }
  });
});
