import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { packageRoot } from '../../config/builtin-dirs.js';
import { findExecutable } from '../../sandbox/find-executable.js';
import { sandboxPath } from '../../sandbox/sandbox-env.js';
import { oneLine } from '../../workspace/control-characters.js';
import type { Judged, SandboxRun } from './judge-outcome.js';
import type { PipelineLimits, PlannedCommand } from './plan-steps.js';

/** Where a page of a plain front end sits, the first found wins: the root, then the usual folders. */
const PAGE_CANDIDATES = ['index.html', 'public/index.html', 'src/index.html', 'www/index.html', 'web/index.html'];

/**
 * Chromium itself, not Debian's /usr/bin/chromium: that is a shell script that reads
 * /etc/chromium.d, which the sandbox does not show.
 */
const BROWSER_BINARIES = ['/usr/lib/chromium/chromium', '/usr/lib/chromium-browser/chromium-browser', '/opt/google/chrome/chrome'];
const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Starting Chromium in the sandbox takes a second or two, more on a busy machine. */
export const BROWSER_SMOKE_TIMEOUT_MS = 30_000;

/** Chromium with node beside it: about 1 GiB of resident memory summed over its processes, and many threads. */
const BROWSER_MEMORY_MB = 3072;
const BROWSER_PROCESSES = 1024;

/** What the browser smoke run needs: the page-check program, playwright-core and a Chromium. */
export interface BrowserTools {
  script: string;
  playwright: string;
  browser: string;
}

export type BrowserAvailability = { tools: BrowserTools } | { missing: string };

/** The page QA opens: a project's index.html at the root or in a usual folder. */
export function findPage(files: readonly string[]): string | undefined {
  return PAGE_CANDIDATES.find((candidate) => files.includes(candidate));
}

/**
 * The tools on this machine, or what is missing. `ATELIER_CHROMIUM` names the browser to use;
 * set empty, it turns the browser smoke run off (it is then skipped, with that reason).
 */
export function findBrowserTools(env: NodeJS.ProcessEnv = process.env): BrowserAvailability {
  const script = join(packageRoot(), 'dist', 'page-check.js');
  if (!existsSync(script)) return { missing: `Atelier's page check is not built (${script}): run \`npm run build\`` };
  let playwright: string;
  try {
    playwright = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  } catch {
    return { missing: 'playwright-core is not installed with Atelier (`npm install playwright-core`)' };
  }
  const chosen = env.ATELIER_CHROMIUM;
  if (chosen !== undefined) {
    if (chosen.trim() === '') return { missing: 'ATELIER_CHROMIUM is set empty, which turns the browser check off' };
    if (!isAbsolute(chosen)) return { missing: `ATELIER_CHROMIUM must be an absolute path to a Chrome or Chromium binary, not ${chosen}` };
    if (!existsSync(chosen)) return { missing: `ATELIER_CHROMIUM names ${chosen}, which does not exist` };
    // The binary's own folder is what the sandbox is lent, so a link is followed to where it really is.
    return { tools: { script, playwright, browser: realpathSync(chosen) } };
  }
  const browser = BROWSER_BINARIES.find((file) => existsSync(file)) ?? BROWSER_COMMANDS.map((name) => findExecutable(name, sandboxPath())).find((file) => file !== undefined);
  if (browser === undefined) return { missing: "no Chromium on this machine (install Debian's `chromium`, or set ATELIER_CHROMIUM to a Chrome or Chromium binary)" };
  return { tools: { script, playwright, browser } };
}

/** The smoke run of a front end: open the page in headless Chromium inside the sandbox. */
export function planBrowserSmoke(page: string, tools: BrowserTools, limits: PipelineLimits): PlannedCommand {
  const timeoutMs = Math.max(limits.smokeTimeoutMs, BROWSER_SMOKE_TIMEOUT_MS);
  return {
    step: 'smoke',
    name: 'browser smoke run',
    argv: [process.execPath, tools.script, '--playwright', tools.playwright, '--browser', tools.browser, '--page', page, '--timeout', String(timeoutMs - 5_000)],
    display: `open ${page} in headless Chromium (${tools.browser}): no page error, not empty`,
    network: false,
    timeoutMs,
    // Atelier's own page check and playwright-core, read-only; Chromium lives under /usr, which the sandbox shows.
    readOnlyPaths: [dirname(tools.script), tools.playwright, ...(tools.browser.startsWith('/usr/') ? [] : [dirname(tools.browser)])],
    browser: true,
    // Chromium's processes share most of their memory, which the sandbox's watchdog counts once per process.
    minimumMemoryMb: BROWSER_MEMORY_MB,
    minimumProcesses: BROWSER_PROCESSES,
  };
}

/** The page check's report, as far as the step's note needs it. */
interface PageSummary {
  page?: string;
  title?: string;
  text?: string;
  visual?: number;
  problems?: string[];
}

function summary(stdout: string): PageSummary | undefined {
  try {
    const parsed: unknown = JSON.parse(stdout);
    return typeof parsed === 'object' && parsed !== null ? (parsed as PageSummary) : undefined;
  } catch {
    return undefined;
  }
}

/** Exit 2: the page check could not drive the browser; the project is not to blame, so the step is skipped. */
export function browserCouldNotStart(run: SandboxRun): string | undefined {
  if (run.timedOut || run.exitCode !== 2) return undefined;
  const reason = run.stderr.trim().split('\n').find((line) => line.trim() !== '') ?? 'no reason given';
  return `the browser smoke run could not start Chromium in the sandbox: ${reason.slice(0, 300)}`;
}

/** Exit 0: loaded, no page error, something shown; exit 1: the problems the page check found. */
export function judgeBrowserSmoke(run: SandboxRun, timeoutMs: number): Judged {
  if (run.timedOut) return { outcome: 'timed_out', note: `the page did not finish loading within ${timeoutMs / 1000} s` };
  const report = summary(run.stdout);
  if (run.exitCode === 0) {
    const text = typeof report?.text === 'string' ? oneLine(report.text) : '';
    const shown = text ? `shows "${text.slice(0, 80)}${text.length > 80 ? '…' : ''}"` : `draws ${typeof report?.visual === 'number' ? report.visual : 0} element(s)`;
    return { outcome: 'passed', note: `loaded in Chromium with no page error; ${shown}` };
  }
  // The report comes from inside the sandbox, where the page's own code ran: taken as text, and capped.
  // On one line: the note reaches the fix round's prompt outside any fence.
  const problems = (Array.isArray(report?.problems) ? report.problems : []).filter((problem): problem is string => typeof problem === 'string').slice(0, 10).map((problem) => oneLine(problem).slice(0, 300));
  return { outcome: 'failed', note: problems.length > 0 ? problems.join('; ') : `the page check exited ${run.exitCode ?? `on ${run.signal ?? 'a signal'}`}` };
}
