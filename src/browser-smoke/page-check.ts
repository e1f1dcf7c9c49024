/**
 * QA's browser smoke run, as a program of its own: it runs inside the sandbox (no network, the
 * project folder the only writable place), opens a page of the project in headless Chromium
 * through playwright-core, and prints one JSON report. Exit 0 when the page loaded without a
 * page error and shows something; 1 when it did not; 2 when it could not check (bad arguments,
 * no browser).
 *
 *   node dist/page-check.js --playwright DIR --browser FILE --page index.html [--timeout MS]
 *
 * The page is served from the project folder under a made-up origin by answering the browser's
 * requests in-process (file:// would refuse module scripts); every other request is refused, so
 * a page that fetches from the internet shows it as a failed request.
 */
import { readFile, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const ORIGIN = 'http://project.atelier.invalid';

/** The flags the sandbox needs: Chromium's own sandbox cannot start inside it, and it must not call home. */
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Elements that show something without text. */
const VISUAL = 'canvas, img, svg, video, input, button, select, textarea';

/** At most this much of any list goes into the report. */
const MAX_ITEMS = 20;
const MAX_TEXT = 500;

export interface PageReport {
  page: string;
  loaded: boolean;
  title: string;
  /** The visible text, cut to 500 characters. */
  text: string;
  /** Elements in the body, and those that show something without text (canvas, img, svg, video, input, button). */
  elements: number;
  visual: number;
  pageErrors: string[];
  consoleErrors: string[];
  /** Project files the page asked for that do not exist, and requests that left the project. */
  missing: string[];
  refused: string[];
  problems: string[];
}

/** What makes the smoke run fail, in words the fix loop's engineer can act on. */
export function judgePage(report: Omit<PageReport, 'problems'>): string[] {
  const problems: string[] = [];
  if (!report.loaded) problems.push('the page did not finish loading');
  for (const error of report.pageErrors) problems.push(`uncaught error in the page: ${error}`);
  if (report.missing.length > 0) problems.push(`the page asked for files the project does not have: ${report.missing.join(', ')}`);
  if (report.loaded && report.text === '' && report.visual === 0) problems.push('the page is empty: no text and nothing drawn after it loaded');
  return problems;
}

function cut(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function push(list: string[], item: string): void {
  if (list.length < MAX_ITEMS) list.push(cut(item, 300));
}

/** The project file a request names, or undefined when it lies outside the project (`..`, a link out). */
async function projectFile(root: string, url: URL): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  const inside = (candidate: string) => {
    const rel = relative(root, candidate);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
  };
  if (!inside(file)) return undefined;
  try {
    return inside(await realpath(file)) ? file : undefined;
  } catch {
    return file;
  }
}

async function check(options: { playwright: string; browser: string; page: string; timeoutMs: number; root: string }): Promise<PageReport> {
  const require = createRequire(join(options.playwright, 'package.json'));
  const { chromium } = require(options.playwright) as typeof import('playwright-core');
  const report: Omit<PageReport, 'problems'> = { page: options.page, loaded: false, title: '', text: '', elements: 0, visual: 0, pageErrors: [], consoleErrors: [], missing: [], refused: [] };
  const browser = await chromium.launch({ executablePath: options.browser, headless: true, args: BROWSER_ARGS, timeout: options.timeoutMs });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    page.on('pageerror', (error) => push(report.pageErrors, error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') push(report.consoleErrors, message.text());
    });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) {
        push(report.refused, `${url.protocol}//${url.host}${url.pathname}`);
        return route.abort('blockedbyclient');
      }
      const file = await projectFile(options.root, url);
      const body = file === undefined ? undefined : await readFile(file).catch(() => undefined);
      if (body === undefined) {
        // The browser asks for a favicon by itself; a page need not have one.
        if (url.pathname !== '/favicon.ico') push(report.missing, url.pathname.slice(1) || '/');
        return route.fulfill({ status: 404, body: 'not found' });
      }
      return route.fulfill({ status: 200, body, headers: { 'content-type': CONTENT_TYPES[extname(file!).toLowerCase()] ?? 'application/octet-stream' } });
    });
    // From here on, whatever goes wrong is the page's doing (a redirect mid-read, a tampered
    // prototype): it fails the check as a page error, never passes for "could not start".
    try {
      await page.goto(`${ORIGIN}/${options.page.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'load', timeout: options.timeoutMs });
      report.loaded = true;
      // Module scripts and the first frame run after `load`; give them a moment to throw or draw.
      await page.waitForTimeout(300);
    } catch (error) {
      push(report.pageErrors, `loading the page: ${firstLine(error)}`);
    }
    if (report.loaded) {
      try {
        // Locators run in Playwright's own isolated world, which the page's scripts cannot patch.
        report.title = cut(await page.title(), 200);
        report.text = cut((await page.locator('body').innerText({ timeout: 5_000 })).replace(/\s+/g, ' ').trim());
        report.elements = await page.locator('body *').count();
        report.visual = await page.locator(VISUAL).count();
      } catch (error) {
        push(report.pageErrors, `the page could not be read after it loaded: ${firstLine(error)}`);
        report.loaded = false;
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  return { ...report, problems: judgePage(report) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { playwright: { type: 'string' }, browser: { type: 'string' }, page: { type: 'string' }, timeout: { type: 'string' } }, strict: true });
  if (!values.playwright || !values.browser || !values.page) {
    process.stderr.write('page-check: --playwright DIR, --browser FILE and --page PATH are required\n');
    return 2;
  }
  const timeoutMs = Number(values.timeout ?? 15_000);
  try {
    const report = await check({ playwright: values.playwright, browser: values.browser, page: values.page, timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 15_000, root: process.cwd() });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.problems.length === 0 ? 0 : 1;
  } catch (error) {
    process.stderr.write(`page-check: the browser could not be started or driven: ${(error as Error).message}\n`);
    return 2;
  }
}

// Only when run as the program, not when a test imports `judgePage`.
if (process.argv[1] !== undefined && /page-check\.[jt]s$/.test(process.argv[1])) process.exitCode = await main();
