import { describe, expect, it } from 'vitest';
import { INSTALL_NOTE, isSkipped, planChecks, planInstall, withNodeCoverage, withPytestResults, type PlannedCommand, type PlannedStep } from './plan-steps.js';
import type { ProjectFacts } from './project-facts.js';

const node: ProjectFacts = { stack: 'node', files: ['package.json', 'src/cli.js', 'test/cli.test.js'], scripts: { test: 'node --test' }, tsconfig: false, typescriptInstalled: false, pythonLinters: [] };
const python: ProjectFacts = { stack: 'python', files: ['todo.py', 'tests/test_todo.py', 'requirements.txt'], scripts: {}, dependencyManifest: 'requirements.txt', tsconfig: false, typescriptInstalled: false, pythonLinters: ['ruff'] };

function byStep(steps: PlannedStep[]): Record<string, PlannedStep> {
  return Object.fromEntries(steps.map((step) => [step.step, step]));
}

describe('planInstall', () => {
  const npmProject: ProjectFacts = { ...node, dependencyManifest: 'package.json' };

  it('installs only what a manifest declares, with the network, into the workspace for Python', () => {
    expect(planInstall(node)).toEqual({ step: 'install', skipped: 'the project declares no dependencies' });
    const npm = planInstall(npmProject) as PlannedCommand;
    expect(npm).toMatchObject({ argv: ['npm', 'install', '--ignore-scripts', '--no-audit', '--no-fund'], network: true });
    expect(npm.readOnlyPaths).toBeUndefined();
    const pip = planInstall(python) as PlannedCommand;
    expect(pip.argv).toEqual(['python3', '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', '.pydeps', '-r', 'requirements.txt']);
    expect(pip.network).toBe(true);
    expect(pip.note).toBeUndefined();
    expect(planInstall(python, undefined, { isolated: true })).toEqual(pip);
  });

  it('never runs npm package scripts, and says so; installs exactly what the lockfile locks when there is one', () => {
    const npm = planInstall(npmProject) as PlannedCommand;
    expect(npm.display).toBe('npm install --ignore-scripts --no-audit --no-fund');
    expect(npm.note).toBe(INSTALL_NOTE.npmScripts);
    expect(npm.note).toMatch(/^package scripts disabled \(--ignore-scripts\)/);
    expect(planInstall(npmProject, undefined, { isolated: false })).toEqual(npm);
    const locked = planInstall({ ...npmProject, npmLockfile: 'package-lock.json' }) as PlannedCommand;
    expect(locked.argv).toEqual(['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect((planInstall({ ...npmProject, npmLockfile: 'npm-shrinkwrap.json' }) as PlannedCommand).argv[1]).toBe('ci');
  });

  it('installs offline from an npm cache lent read-only, without network, writing nothing into the cache', () => {
    const cache = '/home/ada/.npm';
    const locked = planInstall({ ...npmProject, npmLockfile: 'package-lock.json' }, undefined, { isolated: true, offlineNpmCache: cache }) as PlannedCommand;
    // The cache and every flag are arguments of the shell line, never spliced into it; only $HOME is the sandbox's.
    expect(locked.argv).toEqual(['sh', '-c', 'exec npm "$@" --logs-dir "$HOME/.npm/_logs"', 'sh', 'ci', '--offline', '--cache', cache, '--no-update-notifier', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect(locked).toMatchObject({ network: false, readOnlyPaths: [cache], timeoutMs: 300_000 });
    expect(locked.display).toBe(`npm ci --offline --cache ${cache} --no-update-notifier --ignore-scripts --no-audit --no-fund --logs-dir $HOME/.npm/_logs`);
    expect(locked.note).toBe(`offline, no network: packages only from the npm cache ${cache}, lent read-only; a package missing from it fails with ENOTCACHED; ${INSTALL_NOTE.npmScripts}`);
    const unlocked = planInstall(npmProject, undefined, { isolated: true, offlineNpmCache: cache }) as PlannedCommand;
    expect(unlocked.argv.slice(4, 6)).toEqual(['install', '--offline']);
    // A plain process is honest about what it cannot do.
    const plain = planInstall(npmProject, undefined, { isolated: false, offlineNpmCache: cache }) as PlannedCommand;
    expect(plain.note).toContain('read in place (this sandbox can neither block the network nor make the cache read-only)');
    // The cache is npm's: pip installs as before.
    expect(planInstall(python, undefined, { isolated: true, offlineNpmCache: cache })).toEqual(planInstall(python));
  });

  it('installs only prebuilt wheels when the sandbox does not isolate the install, and says so', () => {
    const pip = planInstall(python, undefined, { isolated: false }) as PlannedCommand;
    expect(pip.argv).toEqual(['python3', '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--only-binary=:all:', '--target', '.pydeps', '-r', 'requirements.txt']);
    expect(pip.display).toContain('--only-binary=:all:');
    expect(pip.note).toMatch(/only prebuilt wheels/);
    const pyproject = planInstall({ ...python, dependencyManifest: 'pyproject.toml' }, undefined, { isolated: false }) as PlannedCommand;
    expect(pyproject.argv.slice(-4)).toEqual(['--only-binary=:all:', '--target', '.pydeps', '.']);
    expect(pip.network).toBe(true);
  });
});

describe('planChecks', () => {
  it('plans a Node project: each .js file checked without a shell injection point, tests with coverage, the smoke run short', () => {
    const steps = byStep(planChecks(node, { test: 'node --test', run: 'node src/cli.js list' }, {}, { depsInstalled: false }));
    const syntax = steps.syntax as PlannedCommand;
    // File names are arguments after the script, never part of it.
    expect(syntax.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(syntax.argv.slice(3)).toEqual(['sh', 'src/cli.js', 'test/cli.test.js']);
    expect(steps.typecheck).toEqual({ step: 'typecheck', skipped: 'no TypeScript in the project' });
    expect(steps.build).toEqual({ step: 'build', skipped: 'the design declares no build command' });
    expect(steps.lint).toEqual({ step: 'lint', skipped: 'no "lint" script in package.json' });
    expect(steps.test).toMatchObject({ argv: ['sh', '-c', 'node --test --experimental-test-coverage'], network: false });
    expect(steps.smoke).toMatchObject({ argv: ['sh', '-c', 'node src/cli.js list'], timeoutMs: 5_000, network: false });
    expect(Object.values(steps).every((step) => isSkipped(step) || !step.network)).toBe(true);
  });

  it('type-checks TypeScript only when it can, and says why not otherwise', () => {
    const ts = { ...node, files: [...node.files, 'src/a.ts'], tsconfig: true };
    expect(byStep(planChecks(ts, {}, {}, { depsInstalled: true })).typecheck).toEqual({ step: 'typecheck', skipped: 'tsconfig.json exists but typescript is not installed: add it to devDependencies' });
    expect(byStep(planChecks({ ...ts, typescriptInstalled: true }, {}, {}, { depsInstalled: true })).typecheck).toMatchObject({ display: 'tsc --noEmit', argv: ['node', 'node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'] });
    expect(byStep(planChecks({ ...ts, tsconfig: false }, {}, {}, { depsInstalled: true })).typecheck).toEqual({ step: 'typecheck', skipped: 'TypeScript files without a tsconfig.json are not type-checked' });
  });

  it('uses the lint script and the build command the project declares', () => {
    const steps = byStep(planChecks({ ...node, scripts: { lint: 'eslint .', test: 'vitest run' } }, { build: 'npm run build' }, {}, { depsInstalled: false }));
    expect(steps.lint).toMatchObject({ argv: ['npm', 'run', 'lint', '--silent'] });
    expect(steps.build).toMatchObject({ argv: ['sh', '-c', 'npm run build'] });
    // Without a declared test command: npm test when the script exists.
    expect(steps.test).toMatchObject({ display: 'npm test' });
  });

  it('plans a Python project: compile check, the configured linter when installed, installed packages on PYTHONPATH', () => {
    const without = byStep(planChecks(python, {}, {}, { depsInstalled: true }));
    expect(without.lint).toEqual({ step: 'lint', skipped: 'ruff is configured but not installed' });
    expect(without.test).toMatchObject({ display: 'python3 -m unittest discover -v', env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: '.pydeps' } });
    const steps = byStep(planChecks(python, { test: 'python3 -m pytest -q' }, { ruff: true }, { depsInstalled: true }));
    expect((steps.syntax as PlannedCommand).argv.slice(0, 2)).toEqual(['python3', '-c']);
    expect((steps.syntax as PlannedCommand).argv.slice(3)).toEqual(['todo.py', 'tests/test_todo.py']);
    expect(steps.lint).toMatchObject({ argv: ['python3', '-m', 'ruff', 'check', '.'] });
    expect(steps.test).toMatchObject({ display: 'python3 -m pytest -q -rA' });
  });
});

describe('withPytestResults', () => {
  it('asks pytest for every test’s outcome, unless the command already lists or summarises them', () => {
    expect(withPytestResults('python3 -m pytest -q')).toBe('python3 -m pytest -q -rA');
    expect(withPytestResults('pytest')).toBe('pytest -rA');
    expect(withPytestResults('python3 -m pytest -v')).toBe('python3 -m pytest -v');
    expect(withPytestResults('pytest -q -rfE')).toBe('pytest -q -rfE');
    expect(withPytestResults('npm test')).toBe('npm test');
    expect(withPytestResults('pytest -q && echo done')).toBe('pytest -q && echo done');
  });
});

describe('withNodeCoverage', () => {
  it('asks node --test for coverage and leaves other commands alone', () => {
    expect(withNodeCoverage('node --test')).toBe('node --test --experimental-test-coverage');
    expect(withNodeCoverage('node --test test/')).toBe('node --test --experimental-test-coverage test/');
    expect(withNodeCoverage('npm test')).toBe('npm test');
    expect(withNodeCoverage('node --test --experimental-test-coverage')).toBe('node --test --experimental-test-coverage');
  });
});
