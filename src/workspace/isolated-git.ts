import { devNull } from 'node:os';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { GitAuthor } from './git-author.js';

/** Only what git needs to find itself and its temp space; nothing that could redirect or reconfigure it. */
const INHERITED_VARIABLES = ['PATH', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP'];

/**
 * Atelier's own identity for the committer; the author is the role that wrote the change.
 * Always set, so a commit never depends on the user's `user.name` / `user.email`.
 */
const COMMITTER: GitAuthor = { name: 'Atelier', email: 'atelier@atelier.local' };

/**
 * A simple-git instance that ignores the user's global and system git configuration (so it
 * neither depends on nor changes it) and never runs hooks, fsmonitor commands or gpg: code the
 * sandbox ran may have touched the working tree, and nothing it planted may run on the host.
 */
export function isolatedGit(root: string, author?: GitAuthor): SimpleGit {
  const env: Record<string, string> = {};
  for (const name of INHERITED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    // No home: an old git that ignores GIT_CONFIG_GLOBAL still finds no ~/.gitconfig to read.
    HOME: devNull,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: '0',
    // A file named `*.ts` is a file, not a glob.
    GIT_LITERAL_PATHSPECS: '1',
    GIT_COMMITTER_NAME: COMMITTER.name,
    GIT_COMMITTER_EMAIL: COMMITTER.email,
    GIT_AUTHOR_NAME: (author ?? COMMITTER).name,
    GIT_AUTHOR_EMAIL: (author ?? COMMITTER).email,
  });
  return simpleGit({
    baseDir: root,
    config: [
      `core.hooksPath=${devNull}`,
      'core.fsmonitor=false',
      'commit.gpgsign=false',
      'tag.gpgsign=false',
      'core.quotePath=false',
    ],
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true },
  }).env(env);
}
