import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { devNull } from 'node:os';
import type { GitAuthor } from './git-author.js';
import { configOverrides } from './git-config-guard.js';

/** Only what git needs to find itself and its temp space; nothing that could redirect or reconfigure it. */
const INHERITED_VARIABLES = ['PATH', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP'];

/**
 * Atelier's own identity for the committer; the author is the role that wrote the change.
 * Always set, so a commit never depends on the user's `user.name` / `user.email`.
 */
const COMMITTER: GitAuthor = { name: 'Atelier', email: 'atelier@atelier.local' };

/**
 * Settings given with `-c` on every command: they win over anything in the repository's own
 * config, which code run in the sandbox may have written. No hooks, no fsmonitor command, no
 * attributes file of the repository's choosing, no gpg run to sign or to show signatures, no
 * recursion into submodules and their own configuration.
 */
const FORCED_CONFIG = [
  `core.hooksPath=${devNull}`,
  'core.fsmonitor=false',
  `core.attributesFile=${devNull}`,
  'commit.gpgsign=false',
  'tag.gpgsign=false',
  'log.showSignature=false',
  'submodule.recurse=false',
  'core.quotePath=false',
];

// `git log` of a long history or `ls-files` of a big tree can be large; far past that is a broken repo.
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** Git in one folder; `raw` resolves with stdout, or rejects with git's own message. */
export interface IsolatedGit {
  raw(args: readonly string[]): Promise<string>;
}

/** A failed git command: the message is git's stderr, so the workspace error can show it. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs the system git directly (no wrapper library: simple-git sleeps 50 ms after every command
 * that prints nothing, which made each commit cost 100 ms). It ignores the user's global and
 * system configuration and attributes (so it neither depends on nor changes them) and never runs
 * hooks, fsmonitor commands, gpg, or a filter the repository's own configuration defines: code
 * the sandbox ran may have touched the working tree and, on the plain driver, `.git`, and nothing
 * it planted may run on the host.
 */
export function isolatedGit(root: string, author?: GitAuthor): IsolatedGit {
  const env = gitEnvironment(author ?? COMMITTER);
  // While a sandboxed command runs as another user (Atelier as root), the work tree is lent to it.
  const configArgs = [...FORCED_CONFIG, `safe.directory=${realRoot(root)}`].flatMap((setting) => ['-c', setting]);
  const run = (settings: readonly string[], args: readonly string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile('git', [...settings, ...args], { cwd: root, env, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const exitCode = typeof error.code === 'number' ? error.code : null;
        const detail = stderr.trim() || stdout.trim() || error.message;
        reject(new GitCommandError(args, exitCode, detail));
      });
    });
  return {
    raw: async (args) => {
      // `init` reads no attributes and runs no filter; in a folder inside another repository, that one's configuration is not ours to judge.
      if (args[0] === 'init') return run(configArgs, args);
      const overrides = await configOverrides(root, (listing) => run(configArgs, listing));
      return run([...configArgs, ...overrides], args);
    },
  };
}

/** The path git compares `safe.directory` with: the work tree as the kernel resolves it. */
function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

function gitEnvironment(author: GitAuthor): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return Object.assign(env, {
    // No home: an old git that ignores GIT_CONFIG_GLOBAL still finds no ~/.gitconfig to read.
    HOME: devNull,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    // A file named `*.ts` is a file, not a glob.
    GIT_LITERAL_PATHSPECS: '1',
    GIT_COMMITTER_NAME: COMMITTER.name,
    GIT_COMMITTER_EMAIL: COMMITTER.email,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
  });
}
