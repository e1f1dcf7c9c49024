/** Files a package manager writes (lockfiles): in a project, but no one's code or tests. */
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'Cargo.lock', 'go.sum', 'composer.lock', 'Gemfile.lock']);

/** Whether a delivered path is a package manager's lockfile, left out of the lines of code and tests. */
export function isLockfile(path: string): boolean {
  return LOCKFILES.has(path.split(/[\\/]/).pop() ?? '');
}
