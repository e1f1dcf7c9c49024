import { describe, expect, it } from 'vitest';
import { isProjectCode, readProjectFacts } from './project-facts.js';

function workspace(files: Record<string, string>) {
  return { listFiles: async () => Object.keys(files).sort(), readFile: async (path: string) => files[path] };
}

describe('readProjectFacts', () => {
  it('reads a Node project: scripts, declared dependencies, TypeScript', async () => {
    const facts = await readProjectFacts(
      workspace({
        'package.json': JSON.stringify({ scripts: { test: 'vitest run', lint: 'eslint .' }, devDependencies: { typescript: '^5' } }),
        'tsconfig.json': '{}',
        'src/index.ts': '',
        'node_modules/typescript/package.json': '{}',
        'docs/prd.md': '',
      }),
    );
    expect(facts).toMatchObject({ stack: 'node', scripts: { test: 'vitest run', lint: 'eslint .' }, dependencyManifest: 'package.json', tsconfig: true, typescriptInstalled: true });
    expect(facts.files).toEqual(['package.json', 'src/index.ts', 'tsconfig.json']);
  });

  it('reads a Python project: requirements, configured linters; no dependencies means nothing to install', async () => {
    const facts = await readProjectFacts(workspace({ 'app.py': '', 'requirements.txt': '# none yet\n\n', 'pyproject.toml': '[tool.ruff]\nline-length = 100\n', '.flake8': '' }));
    expect(facts).toMatchObject({ stack: 'python', pythonLinters: ['ruff', 'flake8'] });
    expect(facts.dependencyManifest).toBeUndefined();
    const withDeps = await readProjectFacts(workspace({ 'app.py': '', 'pyproject.toml': '[project]\ndependencies = ["requests>=2"]\n' }));
    expect(withDeps.dependencyManifest).toBe('pyproject.toml');
  });

  it('finds the npm lockfile of a project with dependencies, the shrinkwrap first as npm ci reads it', async () => {
    const manifest = JSON.stringify({ devDependencies: { vitest: '^4' } });
    expect((await readProjectFacts(workspace({ 'package.json': manifest }))).npmLockfile).toBeUndefined();
    expect((await readProjectFacts(workspace({ 'package.json': manifest, 'package-lock.json': '{}' }))).npmLockfile).toBe('package-lock.json');
    expect((await readProjectFacts(workspace({ 'package.json': manifest, 'package-lock.json': '{}', 'npm-shrinkwrap.json': '{}' }))).npmLockfile).toBe('npm-shrinkwrap.json');
    // Nothing to install: no lockfile worth naming.
    expect((await readProjectFacts(workspace({ 'package.json': '{}', 'package-lock.json': '{}' }))).npmLockfile).toBeUndefined();
  });

  it('runs npm install for a package.json it cannot read, so npm reports the error', async () => {
    expect((await readProjectFacts(workspace({ 'package.json': '{ broken' }))).dependencyManifest).toBe('package.json');
  });
});

describe('isProjectCode', () => {
  it('leaves out installed packages, caches and Atelier documents', () => {
    expect(['src/a.js', 'node_modules/x/a.js', '.pydeps/requests/api.py', 'pkg/__pycache__/a.pyc', 'docs/prd.md'].filter(isProjectCode)).toEqual(['src/a.js']);
  });
});
