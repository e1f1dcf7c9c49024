import * as z from 'zod';
import type { Workspace } from '../../workspace/workspace.js';

/** Folders that hold installed packages, caches or Atelier's own documents, never the project's code. */
const NOT_PROJECT_CODE = /(^|\/)(node_modules|\.pydeps|\.venv|venv|__pycache__|\.pytest_cache|\.git|\.atelier)(\/|$)/;
const DOCS = /^docs\//;

export const PYTHON_DEPS_DIR = '.pydeps';

const packageJsonSchema = z.looseObject({
  scripts: z.record(z.string(), z.string()).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});

/** What the pipeline needs to know about a project to choose its steps; read from its files only. */
export interface ProjectFacts {
  stack: 'node' | 'python' | 'unknown';
  /** Project files, relative, without installed packages, caches or `docs/`. */
  files: string[];
  scripts: Record<string, string>;
  /** The manifest that declares dependencies to install, when one does. */
  dependencyManifest?: 'package.json' | 'requirements.txt' | 'pyproject.toml';
  /** npm's lockfile, when the project has one: then the install is `npm ci`, exactly what it locks. */
  npmLockfile?: 'package-lock.json' | 'npm-shrinkwrap.json';
  tsconfig: boolean;
  typescriptInstalled: boolean;
  /** Python linters the project configures. */
  pythonLinters: ('ruff' | 'flake8')[];
}

export function isProjectCode(path: string): boolean {
  return !NOT_PROJECT_CODE.test(path) && !DOCS.test(path);
}

/** Reads the facts: which stack, which manifests declare dependencies, which tools are configured. */
export async function readProjectFacts(workspace: Pick<Workspace, 'listFiles' | 'readFile'>): Promise<ProjectFacts> {
  const files = (await workspace.listFiles()).filter(isProjectCode);
  const has = (path: string) => files.includes(path);
  const read = async (path: string) => (has(path) ? ((await workspace.readFile(path)) ?? '') : '');

  let scripts: Record<string, string> = {};
  let nodeDependencies = false;
  if (has('package.json')) {
    const parsed = packageJsonSchema.safeParse(safeJson(await read('package.json')));
    if (parsed.success) {
      scripts = parsed.data.scripts ?? {};
      nodeDependencies = Object.keys({ ...parsed.data.dependencies, ...parsed.data.devDependencies }).length > 0;
    } else {
      // Unreadable: let the install step run and report npm's own error, rather than guess.
      nodeDependencies = true;
    }
  }

  const requirements = (await read('requirements.txt')).split('\n').some((line) => line.replace(/#.*/, '').trim() !== '');
  const pyproject = await read('pyproject.toml');
  const pyprojectDependencies = /^\s*dependencies\s*=\s*\[\s*["']/m.test(pyproject);
  const codeFiles = files.filter((f) => /\.(m?[jt]sx?|cjs|cts|mts)$/.test(f));
  const pythonFiles = files.filter((f) => f.endsWith('.py'));
  const stack = has('package.json') || codeFiles.length > 0 ? 'node' : pythonFiles.length > 0 || has('pyproject.toml') || has('requirements.txt') ? 'python' : 'unknown';

  const setupCfg = `${await read('setup.cfg')}\n${await read('tox.ini')}`;
  const pythonLinters: ('ruff' | 'flake8')[] = [];
  if (has('ruff.toml') || has('.ruff.toml') || /^\[tool\.ruff/m.test(pyproject)) pythonLinters.push('ruff');
  if (has('.flake8') || /^\[flake8\]/m.test(setupCfg)) pythonLinters.push('flake8');

  const facts: ProjectFacts = {
    stack,
    files,
    scripts,
    tsconfig: has('tsconfig.json'),
    typescriptInstalled: (await workspace.readFile('node_modules/typescript/package.json').catch(() => undefined)) !== undefined,
    pythonLinters,
  };
  if (stack === 'node' && nodeDependencies) facts.dependencyManifest = 'package.json';
  // npm ci prefers the shrinkwrap when both exist.
  const npmLockfile = (['npm-shrinkwrap.json', 'package-lock.json'] as const).find(has);
  if (facts.dependencyManifest === 'package.json' && npmLockfile !== undefined) facts.npmLockfile = npmLockfile;
  else if (stack === 'python' && requirements) facts.dependencyManifest = 'requirements.txt';
  else if (stack === 'python' && pyprojectDependencies) facts.dependencyManifest = 'pyproject.toml';
  return facts;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
