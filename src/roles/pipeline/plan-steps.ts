import type { PipelineStep } from '../../documents/index.js';
import { findPage, planBrowserSmoke, type BrowserAvailability } from './browser-smoke.js';
import { PYTHON_DEPS_DIR, type ProjectFacts } from './project-facts.js';

export interface PlannedCommand {
  step: PipelineStep;
  name: string;
  /** Run without a shell unless the command itself is a shell line from the design. */
  argv: string[];
  /** The command as the report shows it. */
  display: string;
  network: boolean;
  timeoutMs: number;
  env?: Record<string, string>;
  /** Host folders the command reads, lent to the sandbox read-only (the npm cache of an offline install). */
  readOnlyPaths?: string[];
  /** QA's browser smoke run: the page check opens the project's page in Chromium. */
  browser?: boolean;
  /** At least this much memory and these many processes, whatever the settings say (a browser needs them). */
  minimumMemoryMb?: number;
  minimumProcesses?: number;
  /** Why the command differs from the usual one, for the step's note in the report. */
  note?: string;
}

export interface SkippedStep {
  step: PipelineStep;
  skipped: string;
}

export type PlannedStep = PlannedCommand | SkippedStep;

export function isSkipped(step: PlannedStep): step is SkippedStep {
  return 'skipped' in step;
}

/** The commands the architect declared in the system design; shell lines written by a model. */
export interface DesignCommands {
  install?: string;
  build?: string;
  test?: string;
  run?: string;
}

export interface PipelineLimits {
  installTimeoutMs: number;
  testTimeoutMs: number;
  /** A smoke run is short on purpose: long enough to crash at start-up, not to serve. */
  smokeTimeoutMs: number;
}

export const DEFAULT_LIMITS: PipelineLimits = { installTimeoutMs: 300_000, testTimeoutMs: 120_000, smokeTimeoutMs: 5_000 };

/** Tools found on the sandbox's PATH or installed into the project, by name. */
export type AvailableTools = Partial<Record<'ruff' | 'flake8' | 'pytest', boolean>>;

const CHECK_EACH_JS = 'status=0; for f in "$@"; do node --check "$f" || status=1; done; exit $status';

/** Compiles each file without writing bytecode (what py_compile checks), printing `file:line: error`. */
const CHECK_EACH_PY = [
  'import sys',
  'failed = 0',
  'for name in sys.argv[1:]:',
  '    try:',
  '        with open(name, "rb") as handle:',
  '            compile(handle.read(), name, "exec", dont_inherit=True)',
  '    except (SyntaxError, ValueError) as error:',
  '        failed = 1',
  '        print(f"{name}:{getattr(error, \'lineno\', 0)}: {type(error).__name__}: {error}")',
  'sys.exit(failed)',
].join('\n');

function shell(step: PipelineStep, name: string, line: string, timeoutMs: number, extra: Partial<PlannedCommand> = {}): PlannedCommand {
  return { step, name, argv: ['sh', '-c', line], display: line, network: false, timeoutMs, ...extra };
}

export function pythonEnv(facts: ProjectFacts, depsInstalled: boolean): Record<string, string> | undefined {
  if (facts.stack !== 'python') return undefined;
  return { PYTHONDONTWRITEBYTECODE: '1', ...(depsInstalled ? { PYTHONPATH: PYTHON_DEPS_DIR } : {}) };
}

export interface InstallOptions {
  /**
   * Whether the sandbox isolates the install. When it does not (the plain driver), pip's source
   * builds would run with the user's files and network, so only wheels are installed.
   */
  isolated: boolean;
  /**
   * An npm cache (absolute, real path) to install from without network: lent to the sandbox
   * read-only, so the install can neither reach the registry nor change the cache.
   */
  offlineNpmCache?: string;
}

/** What the install step says about how it ran, for the report. */
export const INSTALL_NOTE = {
  npmScripts: "package scripts disabled (--ignore-scripts): a dependency's install scripts never run; a package that needs one (a native build) may not work",
  pip: 'only prebuilt wheels installed (--only-binary=:all:): the sandbox does not isolate source builds; a package without a wheel fails to install',
} as const;

/** Where an offline install keeps npm's logs: in the sandbox's home, never in the lent cache. */
const NPM_LOGS_DIR = '$HOME/.npm/_logs';

/** The note of an offline install: where the packages came from, and what a miss looks like. */
export function offlineInstallNote(cache: string, isolated: boolean): string {
  const how = isolated ? `offline, no network: packages only from the npm cache ${cache}, lent read-only` : `offline: packages only from the npm cache ${cache}, read in place (this sandbox can neither block the network nor make the cache read-only)`;
  return `${how}; a package missing from it fails with ENOTCACHED`;
}

/**
 * The install step: only when a manifest declares dependencies; the one step that may have
 * network. npm installs what the lockfile locks (`npm ci`) when there is one, and never runs the
 * packages' own scripts. Offline, npm reads the cache it is given and writes nothing into it: no
 * update check, and its logs go to the sandbox's home.
 */
export function planInstall(facts: ProjectFacts, limits: PipelineLimits = DEFAULT_LIMITS, options: InstallOptions = { isolated: true }): PlannedStep {
  const manifest = facts.dependencyManifest;
  if (manifest === undefined) return { step: 'install', skipped: 'the project declares no dependencies' };
  const common = { network: true, timeoutMs: limits.installTimeoutMs };
  if (manifest === 'package.json') {
    const cache = options.offlineNpmCache;
    const verb = facts.npmLockfile ? 'ci' : 'install';
    if (cache === undefined) {
      const argv = ['npm', verb, '--ignore-scripts', '--no-audit', '--no-fund'];
      return { step: 'install', name: 'install dependencies', argv, display: argv.join(' '), ...common, note: INSTALL_NOTE.npmScripts };
    }
    const args = [verb, '--offline', '--cache', cache, '--no-update-notifier', '--ignore-scripts', '--no-audit', '--no-fund'];
    // npm keeps its logs beside the cache (and prunes old ones there) unless told otherwise: the
    // sandbox's own home is the one place every driver has, known only inside, hence the shell.
    const argv = ['sh', '-c', `exec npm "$@" --logs-dir "${NPM_LOGS_DIR}"`, 'sh', ...args];
    const note = `${offlineInstallNote(cache, options.isolated)}; ${INSTALL_NOTE.npmScripts}`;
    return { step: 'install', name: 'install dependencies', argv, display: `npm ${args.join(' ')} --logs-dir ${NPM_LOGS_DIR}`, ...common, network: false, readOnlyPaths: [cache], note };
  }
  // --target keeps the packages in the workspace, the one place a sandboxed install can write and keep.
  const source = manifest === 'requirements.txt' ? ['-r', 'requirements.txt'] : ['.'];
  // The project's own build (for `.`) still runs: it is the generated code, which the tests run anyway.
  const argv = ['python3', '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...(options.isolated ? [] : ['--only-binary=:all:']), '--target', PYTHON_DEPS_DIR, ...source];
  return { step: 'install', name: 'install dependencies', argv, display: argv.join(' '), ...common, ...(options.isolated ? {} : { note: INSTALL_NOTE.pip }) };
}

/**
 * Every step after the install, in order: syntax, type check, build, lint, tests, smoke run. A
 * step that does not apply is kept with the reason, so the report shows what was not checked.
 */
export function planChecks(
  facts: ProjectFacts,
  design: DesignCommands,
  tools: AvailableTools,
  options: { depsInstalled: boolean; limits?: PipelineLimits; /** For a project with a page and no run command: Chromium and the page check, or why not. */ browser?: BrowserAvailability },
): PlannedStep[] {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const env = pythonEnv(facts, options.depsInstalled);
  const steps: PlannedStep[] = [];
  const js = facts.files.filter((f) => /\.(m|c)?js$/.test(f));
  const py = facts.files.filter((f) => f.endsWith('.py'));
  const ts = facts.files.filter((f) => /\.(m|c)?tsx?$/.test(f) && !f.endsWith('.d.ts'));

  if (facts.stack === 'python' && py.length > 0) {
    steps.push({ step: 'syntax', name: 'syntax check', argv: ['python3', '-c', CHECK_EACH_PY, ...py], display: `python3 compile() of each of ${py.length} .py file(s), as py_compile does`, network: false, timeoutMs: 60_000, ...(env ? { env } : {}) });
  } else if (js.length > 0) {
    steps.push({ step: 'syntax', name: 'syntax check', argv: ['sh', '-c', CHECK_EACH_JS, 'sh', ...js], display: `node --check <file>, for each of ${js.length} .js file(s)`, network: false, timeoutMs: 60_000 });
  } else {
    steps.push({ step: 'syntax', skipped: 'no JavaScript or Python files to check' });
  }

  if (facts.tsconfig && facts.typescriptInstalled) {
    steps.push({ step: 'typecheck', name: 'type check', argv: ['node', 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], display: 'tsc --noEmit', network: false, timeoutMs: limits.testTimeoutMs });
  } else if (facts.tsconfig) {
    steps.push({ step: 'typecheck', skipped: 'tsconfig.json exists but typescript is not installed: add it to devDependencies' });
  } else {
    steps.push({ step: 'typecheck', skipped: ts.length > 0 ? 'TypeScript files without a tsconfig.json are not type-checked' : 'no TypeScript in the project' });
  }

  const build = design.build?.trim();
  steps.push(build ? shell('build', 'build', build, limits.testTimeoutMs, env ? { env } : {}) : { step: 'build', skipped: 'the design declares no build command' });

  steps.push(planLint(facts, tools, env, limits));

  const test = design.test?.trim() || fallbackTestCommand(facts, tools);
  steps.push(shell('test', 'tests', withPytestResults(withNodeCoverage(test)), limits.testTimeoutMs, env ? { env } : {}));

  const run = design.run?.trim();
  steps.push(run ? shell('smoke', 'smoke run', run, limits.smokeTimeoutMs, env ? { env } : {}) : planPageSmoke(facts, limits, options.browser));
  return steps;
}

/** Without a run command, a front end's smoke run opens its page in Chromium, when there is one. */
function planPageSmoke(facts: ProjectFacts, limits: PipelineLimits, browser: BrowserAvailability | undefined): PlannedStep {
  const page = findPage(facts.files);
  if (page === undefined) return { step: 'smoke', skipped: 'the design declares no run command' };
  if (browser === undefined) return { step: 'smoke', skipped: `the design declares no run command, and the page ${page} was not opened in a browser` };
  if ('missing' in browser) return { step: 'smoke', skipped: `the page ${page} was not opened in a browser: ${browser.missing}` };
  return planBrowserSmoke(page, browser.tools, limits);
}

function planLint(facts: ProjectFacts, tools: AvailableTools, env: Record<string, string> | undefined, limits: PipelineLimits): PlannedStep {
  if (facts.stack === 'node') {
    if (facts.scripts.lint) return { step: 'lint', name: 'lint', argv: ['npm', 'run', 'lint', '--silent'], display: 'npm run lint', network: false, timeoutMs: limits.testTimeoutMs };
    return { step: 'lint', skipped: 'no "lint" script in package.json' };
  }
  const [linter] = facts.pythonLinters;
  if (linter === undefined) return { step: 'lint', skipped: facts.stack === 'python' ? 'no linter configured (ruff or flake8)' : 'no linter for this stack' };
  if (!tools[linter]) return { step: 'lint', skipped: `${linter} is configured but not installed` };
  const argv = linter === 'ruff' ? ['python3', '-m', 'ruff', 'check', '.'] : ['python3', '-m', 'flake8', '.'];
  return { step: 'lint', name: 'lint', argv, display: argv.slice(2).join(' '), network: false, timeoutMs: limits.testTimeoutMs, ...(env ? { env } : {}) };
}

/** The stack's usual test command, for a design that declares none. */
export function fallbackTestCommand(facts: ProjectFacts, tools: AvailableTools): string {
  if (facts.stack === 'python') return tools.pytest ? 'python3 -m pytest -q' : 'python3 -m unittest discover -v';
  return facts.scripts.test ? 'npm test' : 'node --test';
}

/**
 * pytest names each test's outcome in its closing summary when asked (`-rA`), so the report can
 * say which acceptance test passed; under `-q` alone it prints totals only. Left as the design's
 * when it already asks for a summary (`-r…`) or lists tests (`-v`).
 */
export function withPytestResults(command: string): string {
  if (!/^(?:python3? -m )?pytest(?:\s|$)/.test(command) || /[;&|]/.test(command)) return command;
  return /\s(?:-r\S*|-v+|--verbose)(?:\s|$)/.test(command) ? command : `${command} -rA`;
}

/** node's own runner measures coverage when asked; the command stays the design's otherwise. */
export function withNodeCoverage(command: string): string {
  return /^node --test(\s|$)/.test(command) && !command.includes('--experimental-test-coverage')
    ? command.replace(/^node --test/, 'node --test --experimental-test-coverage')
    : command;
}
