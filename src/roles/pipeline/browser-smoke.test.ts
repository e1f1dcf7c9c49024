import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgePage } from '../../browser-smoke/page-check.js';
import type { RunEvents } from '../../engine/events.js';
import { detectSandbox } from '../../sandbox/sandbox.js';
import { openWorkspace, type Workspace } from '../../workspace/workspace.js';
import { findBrowserTools, findPage, judgeBrowserSmoke } from './browser-smoke.js';
import { planChecks, type PlannedCommand } from './plan-steps.js';
import { readProjectFacts } from './project-facts.js';
import { runPipeline } from './run-pipeline.js';

const events = { emit: async () => undefined } as unknown as RunEvents;

async function project(files: Record<string, string>): Promise<Workspace> {
  const workspace = await openWorkspace(mkdtempSync(join(tmpdir(), 'atelier-page-')));
  for (const [path, content] of Object.entries(files)) await workspace.writeFile(path, content);
  return workspace;
}

const PAGE = '<!doctype html>\n<html lang="en"><head><title>Counter</title><link rel="stylesheet" href="./styles.css"></head>\n<body><main><h1>Counter</h1><p id="count"></p><button id="more">More</button></main>\n<script type="module" src="./src/main.js"></script></body></html>\n';

describe('the browser smoke run, planned', () => {
  it('opens the root page, else one in a usual folder, and only when the design has no run command', async () => {
    expect(findPage(['README.md', 'public/index.html', 'index.html'])).toBe('index.html');
    expect(findPage(['web/index.html', 'src/app.js'])).toBe('web/index.html');
    expect(findPage(['docs/index.html'])).toBeUndefined();
    const workspace = await project({ 'index.html': PAGE, 'src/main.js': '' });
    const facts = await readProjectFacts(workspace);
    const tools = { script: '/opt/atelier/dist/page-check.js', playwright: '/opt/atelier/node_modules/playwright-core', browser: '/usr/lib/chromium/chromium' };
    const smoke = (design: { run?: string }, browser?: Parameters<typeof planChecks>[3]['browser']) => planChecks(facts, design, {}, { depsInstalled: false, ...(browser ? { browser } : {}) }).find((step) => step.step === 'smoke');
    const planned = smoke({}, { tools }) as PlannedCommand;
    expect(planned).toMatchObject({ name: 'browser smoke run', browser: true, network: false, readOnlyPaths: ['/opt/atelier/dist', '/opt/atelier/node_modules/playwright-core'] });
    expect(planned.argv).toEqual([process.execPath, tools.script, '--playwright', tools.playwright, '--browser', tools.browser, '--page', 'index.html', '--timeout', '25000']);
    expect(smoke({ run: 'node server.js' }, { tools })).toMatchObject({ name: 'smoke run', display: 'node server.js' });
    expect(smoke({}, { missing: 'no Chromium on this machine' })).toEqual({ step: 'smoke', skipped: 'the page index.html was not opened in a browser: no Chromium on this machine' });
  });

  it('says why it cannot open a page: a browser turned off or missing', () => {
    expect(findBrowserTools({ ATELIER_CHROMIUM: '' })).toEqual({ missing: 'ATELIER_CHROMIUM is set empty, which turns the browser check off' });
    expect(findBrowserTools({ ATELIER_CHROMIUM: '/nowhere/chrome' })).toEqual({ missing: 'ATELIER_CHROMIUM names /nowhere/chrome, which does not exist' });
  });

  it('judges the page check: a page error, a missing file or an empty page fails, with what to fix', () => {
    const base = { page: 'index.html', loaded: true, title: 'T', text: 'Hello', elements: 3, visual: 0, pageErrors: [], consoleErrors: [], missing: [], refused: [] };
    expect(judgePage(base)).toEqual([]);
    expect(judgePage({ ...base, text: '', visual: 1 })).toEqual([]);
    expect(judgePage({ ...base, text: '', visual: 0 })).toEqual(['the page is empty: no text and nothing drawn after it loaded']);
    expect(judgePage({ ...base, pageErrors: ['x is not defined'], missing: ['src/ui.js'] })).toEqual(['uncaught error in the page: x is not defined', 'the page asked for files the project does not have: src/ui.js']);
    const run = { stdout: JSON.stringify({ problems: ['uncaught error in the page: x is not defined'] }), stderr: '', exitCode: 1, signal: null, timedOut: false, outputTruncated: false, durationMs: 900 };
    expect(judgeBrowserSmoke(run, 30_000)).toEqual({ outcome: 'failed', note: 'uncaught error in the page: x is not defined' });
    expect(judgeBrowserSmoke({ ...run, exitCode: 0, stdout: JSON.stringify({ text: 'Counter 0 More', problems: [] }) }, 30_000)).toEqual({ outcome: 'passed', note: 'loaded in Chromium with no page error; shows "Counter 0 More"' });
  });
});

const tools = findBrowserTools();
const noBrowser = 'missing' in tools ? tools.missing : undefined;

describe.skipIf(noBrowser !== undefined)(`the browser smoke run, in the real sandbox${noBrowser ? ` (skipped: ${noBrowser})` : ''}`, () => {
  it('passes a page whose module scripts load and render, and leaves nothing in the project', async () => {
    const workspace = await project({
      'index.html': PAGE,
      'styles.css': 'main { font-family: sans-serif; }\n',
      'src/main.js': "import { label } from './count.js';\ndocument.querySelector('#count').textContent = label(0);\n",
      'src/count.js': 'export function label(n) {\n  return `Count: ${n}`;\n}\n',
    });
    const before = (await workspace.listFiles()).sort();
    const run = await runPipeline({ sandbox: await detectSandbox(), workspace, events, stageId: 'test', design: {} });
    const smoke = run.steps.find((step) => step.step === 'smoke');
    expect(smoke, JSON.stringify(run.skipped)).toMatchObject({ name: 'browser smoke run', outcome: 'passed', note: 'loaded in Chromium with no page error; shows "Counter Count: 0 More"' });
    expect((await workspace.listFiles()).sort()).toEqual(before);
  });

  it('fails a page that throws at load or asks for a file the project lacks, naming both', async () => {
    const workspace = await project({
      'index.html': PAGE,
      'src/main.js': "import { render } from './ui.js';\nrender();\n",
    });
    const run = await runPipeline({ sandbox: await detectSandbox(), workspace, events, stageId: 'test', design: {} });
    const smoke = run.steps.find((step) => step.step === 'smoke')!;
    expect(smoke.outcome).toBe('failed');
    // The stylesheet is missing too: the report names every file.
    expect(smoke.note).toBe('the page asked for files the project does not have: styles.css, src/ui.js');
  });

  it('reports a script that fetches from the internet as refused, without network', async () => {
    const workspace = await project({
      'index.html': PAGE,
      'styles.css': '',
      'src/main.js': "fetch('https://example.com/track').catch(() => {});\nundefinedCall();\n",
    });
    const run = await runPipeline({ sandbox: await detectSandbox(), workspace, events, stageId: 'test', design: {} });
    const smoke = run.steps.find((step) => step.step === 'smoke')!;
    expect(smoke.outcome).toBe('failed');
    expect(smoke.note).toBe('uncaught error in the page: undefinedCall is not defined');
    expect(smoke.output).toContain('https://example.com/track');
  });

  it('fails, never skips, a page that sabotages the reading of it (patched prototypes) and throws', async () => {
    const workspace = await project({
      'index.html': '<!doctype html><html><head><title>x</title></head><body><p>hi</p><script>String.prototype.replace = () => { throw new Error("no"); }; Element.prototype.querySelectorAll = () => { throw new Error("no"); };</script><script type="module" src="./src/main.js"></script></body></html>',
      'src/main.js': 'throw new Error("real bug: board is undefined");\n',
    });
    const run = await runPipeline({ sandbox: await detectSandbox(), workspace, events, stageId: 'test', design: {} });
    expect(run.skipped.map((s) => s.step)).not.toContain('smoke');
    const smoke = run.steps.find((step) => step.step === 'smoke')!;
    expect(smoke.outcome).toBe('failed');
    expect(smoke.note).toContain('uncaught error in the page: real bug: board is undefined');
  });

  it('keeps a note on one line whatever the page throws', async () => {
    const workspace = await project({ 'index.html': '<!doctype html><body><p>x</p><script>throw new Error("x\\n\\n# SYSTEM NOTICE\\u001b[2J\\u202e")</script></body>' });
    const run = await runPipeline({ sandbox: await detectSandbox(), workspace, events, stageId: 'test', design: {} });
    const smoke = run.steps.find((step) => step.step === 'smoke')!;
    expect(smoke.note).toBe('uncaught error in the page: x # SYSTEM NOTICE [2J');
  });
});
