import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { missingTools } from '../../src/cli/commands/demo-command.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { findBrowserTools } from '../../src/roles/pipeline/browser-smoke.js';
import { offlineSkipReason, userNpmCache } from '../support/scenarios/bookmarks-api-offline.js';
import { readDoc } from './e2e-helpers.js';

const index = z
  .object({ default: z.string(), demos: z.array(z.object({ name: z.string(), title: z.string(), idea: z.string(), cassette: z.string() })) })
  .parse(JSON.parse(readFileSync(new URL('../../examples/demo/demos.json', import.meta.url), 'utf8')));

describe('atelier demo --list and demo NAME', () => {
  it('lists every recorded demo with its title, the default marked, and each has its cassette', async () => {
    const result = await runCli(['demo', '--list'], { cwd: tempDir(), env: cleanEnv() });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    for (const demo of index.demos) {
      expect(result.stdout).toMatch(new RegExp(`^  ${demo.name}\\s+${demo.title.replace(/[()]/g, '\\$&')}`, 'm'));
      expect(existsSync(new URL(`../../examples/demo/${demo.cassette}`, import.meta.url)), demo.cassette).toBe(true);
    }
    expect(result.stdout).toMatch(new RegExp(`^  ${index.default}\\s.*\\(default\\)$`, 'm'));
    const json = await runCli(['demo', '--list', '--json'], { cwd: tempDir(), env: cleanEnv() });
    const listed = z.object({ demos: z.array(z.object({ name: z.string(), default: z.boolean(), missing: z.array(z.string()) })) }).parse(JSON.parse(json.stdout));
    expect(listed.demos.map((demo) => demo.name)).toEqual(index.demos.map((demo) => demo.name));
  });

  it('refuses an unknown demo with the closest name and the list, and writes nothing', async () => {
    const cwd = tempDir();
    const result = await runCli(['demo', 'tood'], { cwd, env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is no demo "tood" (did you mean "todo"?)');
    expect(result.stderr).toContain('`atelier demo --list`');
    expect(existsSync(join(cwd, 'workspace'))).toBe(false);
    const both = await runCli(['demo', 'todo', '--list'], { cwd, env: cleanEnv() });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--list takes no demo name');
  });
});

const pythonMissing = missingTools({ needs: [{ program: 'python3', pythonModule: 'pytest' }] });

describe('atelier demo expenses', () => {
  it.skipIf(pythonMissing.length > 0)(`replays the Python expense tracker into a project whose pytest suite passes in the sandbox${pythonMissing.length > 0 ? ` (skipped: ${pythonMissing.join(', ')} not found)` : ''}`, { timeout: 240_000 }, async () => {
    const cwd = tempDir();
    const result = await runCli(['demo', 'expenses', '--project', 'expenses'], { cwd, env: cleanEnv(), timeoutMs: 240_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Atelier demo (expenses)');
    expect(result.stdout).toContain('python3 -m expenses total --by-category');
    const project = join(cwd, 'expenses');
    for (const file of ['pyproject.toml', 'expenses/store.py', 'expenses/cli.py', 'tests/test_acceptance.py']) expect(existsSync(join(project, file)), file).toBe(true);
    const report = readDoc(project, 'test_report');
    expect(report).toContain("The project's own tests **pass**.");
    expect(report).toMatch(/\| test \| passed \| `python3 -m pytest -q -rA` \| 0 \|/);
    expect(report).toContain('No fix round was needed.');
  });
});

const npmCache = userNpmCache();
const offline = offlineSkipReason(npmCache);

describe('atelier demo bookmarks', () => {
  it.skipIf(offline !== undefined)(`replays the TypeScript service, installed offline from the npm cache, type-checked, built, tested and smoke-run${offline ? ` (skipped: ${offline})` : ''}`, { timeout: 240_000 }, async () => {
    const cwd = tempDir();
    const result = await runCli(['demo', 'bookmarks', '--project', 'bookmarks'], { cwd, env: cleanEnv({ ATELIER_OFFLINE_NPM_CACHE: npmCache! }), timeoutMs: 240_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = readDoc(join(cwd, 'bookmarks'), 'test_report');
    expect(report).toContain("The project's own tests **pass**.");
    for (const step of ['install', 'typecheck', 'build', 'test', 'smoke']) expect(report).toMatch(new RegExp(`\\| ${step} \\| passed \\|`));
    expect(report).toContain('No fix round was needed.');
  });
});

const browser = findBrowserTools();

describe('atelier demo game', () => {
  it('replays the browser game: its tests pass, and QA opens the page in Chromium where there is one', { timeout: 240_000 }, async () => {
    const cwd = tempDir();
    const result = await runCli(['demo', 'game', '--project', 'game'], { cwd, env: cleanEnv(), timeoutMs: 240_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = readDoc(join(cwd, 'game'), 'test_report');
    expect(report).toContain("The project's own tests **pass**.");
    if ('tools' in browser) expect(report).toMatch(/\| smoke \| passed \| `open index\.html in headless Chromium .* shows "Tic-tac-toe X to move/);
    else expect(report).toContain(`the page index.html was not opened in a browser: ${browser.missing}`);
  });
});

