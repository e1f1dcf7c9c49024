import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roleAuthor } from './git-author.js';
import { PathOutsideWorkspaceError } from './safe-path.js';
import { openWorkspace } from './workspace.js';

let base: string;
let root: string;
let outside: string;
const savedEnv = { ...process.env };

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'atelier-workspace-'));
  // Deep enough that `../../etc/x` still lands inside `base`, where the test can look for it.
  root = path.join(base, 'a', 'b', 'project');
  outside = path.join(base, 'outside');
  mkdirSync(outside, { recursive: true });
  // No git identity and a hostile global config: the workspace must depend on neither.
  const home = path.join(base, 'home');
  mkdirSync(path.join(home, 'hooks'), { recursive: true });
  writeFileSync(path.join(home, 'hooks', 'pre-commit'), '#!/bin/sh\nexit 1\n');
  chmodSync(path.join(home, 'hooks', 'pre-commit'), 0o755);
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = path.join(home, '.config');
  for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) {
    delete process.env[name];
  }
});

afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(base, { recursive: true, force: true });
});

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: base } }).trim();
}

describe('openWorkspace', () => {
  it('creates the folder, a repository on main and a .gitignore for Atelier state and node_modules', async () => {
    const workspace = await openWorkspace(root);
    expect(workspace.root).toBe(root);
    expect(existsSync(path.join(root, '.git'))).toBe(true);
    expect(git(['symbolic-ref', 'HEAD'])).toBe('refs/heads/main');
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('.atelier/\nnode_modules/\n.pydeps/\n__pycache__/\n');
    expect(await workspace.head()).toBeNull();
    expect(await workspace.log()).toEqual([]);
  });

  it('reopens an existing repository without touching it', async () => {
    const first = await openWorkspace(root);
    await first.writeFile('a.txt', 'a');
    const sha = await first.commit({ message: 'first', author: roleAuthor('engineer') });
    const again = await openWorkspace(root);
    expect(await again.head()).toBe(sha);
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe('.atelier/\nnode_modules/\n.pydeps/\n__pycache__/\n');
  });

  it('works with an empty HOME, ignoring the global config and leaving it untouched', async () => {
    const home = process.env.HOME ?? '';
    writeFileSync(
      path.join(home, '.gitconfig'),
      `[commit]\n\tgpgsign = true\n[core]\n\thooksPath = ${path.join(home, 'hooks')}\n[init]\n\tdefaultBranch = trunk\n`,
    );
    const before = readFileSync(path.join(home, '.gitconfig'), 'utf8');
    const workspace = await openWorkspace(root);
    await workspace.writeFile('README.md', '# hi\n');
    const sha = await workspace.commit({ message: 'Add readme', author: roleAuthor('tech_writer') });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(git(['symbolic-ref', 'HEAD'])).toBe('refs/heads/main');
    expect(readFileSync(path.join(home, '.gitconfig'), 'utf8')).toBe(before);
    expect(readdirSync(home).sort()).toEqual(['.gitconfig', 'hooks']);
  });
});

describe('writeFile and readFile', () => {
  it('writes nested paths, creating folders, and reports bytes and whether the file is new', async () => {
    const workspace = await openWorkspace(root);
    const first = await workspace.writeFile('src/deep/nested/index.ts', 'export const é = 1;\n');
    expect(first).toEqual({ path: path.join(root, 'src/deep/nested/index.ts'), bytes: 21, created: true });
    const second = await workspace.writeFile('src/deep/nested/index.ts', 'x');
    expect(second.created).toBe(false);
    expect(await workspace.readFile('src/deep/nested/index.ts')).toBe('x');
    expect(await workspace.readFile('src/missing.ts')).toBeUndefined();
    // No temp files are left behind by the atomic write.
    expect(readdirSync(path.join(root, 'src/deep/nested'))).toEqual(['index.ts']);
  });

  it('keeps the mode of a file it replaces', async () => {
    const workspace = await openWorkspace(root);
    await workspace.writeFile('run.sh', '#!/bin/sh\n');
    chmodSync(path.join(root, 'run.sh'), 0o755);
    await workspace.writeFile('run.sh', '#!/bin/sh\necho hi\n');
    expect(statSync(path.join(root, 'run.sh')).mode & 0o777).toBe(0o755);
  });

  it.each(['../../etc/x', '/etc/passwd', 'a/../../x', 'C:\\x', 'nul\0byte', '.git/config', '.ATELIER/x', '.atelier/state.json'])(
    'refuses %j and writes nothing anywhere',
    async (proposed) => {
      const workspace = await openWorkspace(root);
      const gitConfig = readFileSync(path.join(root, '.git', 'config'), 'utf8');
      await expect(workspace.writeFile(proposed, 'owned')).rejects.toSatisfy((error) => PathOutsideWorkspaceError.isInstance(error));
      expect(existsSync(path.join(base, 'a', 'etc'))).toBe(false);
      expect(existsSync(path.join(root, 'x'))).toBe(false);
      expect(existsSync(path.join(root, '.atelier'))).toBe(false);
      expect(readFileSync(path.join(root, '.git', 'config'), 'utf8')).toBe(gitConfig);
      expect(await workspace.listFiles()).toEqual(['.gitignore']);
    },
  );

  it('refuses to write through a symlink pointing outside, leaving the outside folder untouched', async () => {
    const workspace = await openWorkspace(root);
    symlinkSync(outside, path.join(root, 'escape'));
    symlinkSync(path.join(outside, 'target.txt'), path.join(root, 'file-link'));
    await expect(workspace.writeFile('escape/owned.txt', 'x')).rejects.toMatchObject({ reason: 'symlink-escape' });
    await expect(workspace.writeFile('escape/new/dir/owned.txt', 'x')).rejects.toMatchObject({ reason: 'symlink-escape' });
    await expect(workspace.writeFile('file-link', 'x')).rejects.toMatchObject({ reason: 'symlink-escape' });
    await expect(workspace.readFile('escape/anything')).rejects.toMatchObject({ reason: 'symlink-escape' });
    expect(readdirSync(outside)).toEqual([]);
  });

  it('reads neither a FIFO (which would block forever) nor a link to /dev/zero (which would never end), nor a file over 4 MiB', async () => {
    const workspace = await openWorkspace(root);
    mkdirSync(path.join(root, 'src'));
    execFileSync('mkfifo', [path.join(root, 'src', 'fifo.js')]);
    symlinkSync('/dev/zero', path.join(root, 'src', 'zero.js'));
    writeFileSync(path.join(root, 'src', 'big.js'), Buffer.alloc(4 * 1024 * 1024 + 1, 0x61));
    writeFileSync(path.join(root, 'src', 'real.js'), 'ok');
    symlinkSync('real.js', path.join(root, 'src', 'alias.js'));
    expect(await workspace.readFile('src/fifo.js')).toBeUndefined();
    await expect(workspace.readFile('src/zero.js')).rejects.toMatchObject({ reason: 'symlink-escape' });
    expect(await workspace.readFile('src/big.js')).toBeUndefined();
    expect(await workspace.readFile('src')).toBeUndefined();
    // A link that stays inside is not read either (O_NOFOLLOW): its target is read by its own name.
    expect(await workspace.readFile('src/alias.js')).toBeUndefined();
    expect(await workspace.readFile('src/real.js')).toBe('ok');
  });
});

describe('commit, log and listFiles', () => {
  it('commits with the role as author and returns the new sha', async () => {
    const workspace = await openWorkspace(root);
    await workspace.writeFile('docs/prd.md', '# PRD\n');
    const sha = await workspace.commit({ message: 'Write the PRD\n\nFirst draft.', author: roleAuthor('product_manager') });
    expect(sha).toBe(await workspace.head());
    expect(git(['log', '-1', '--format=%an <%ae>|%cn'])).toBe('Product Manager (Atelier) <product_manager@atelier.local>|Atelier');
    expect(await workspace.log()).toEqual([
      { sha, message: 'Write the PRD\n\nFirst draft.', authorName: 'Product Manager (Atelier)' },
    ]);
  });

  it('returns null when there is nothing to commit', async () => {
    const workspace = await openWorkspace(root);
    await workspace.writeFile('a.txt', 'a');
    const first = await workspace.commit({ message: 'a', author: roleAuthor('engineer') });
    expect(first).not.toBeNull();
    expect(await workspace.commit({ message: 'again', author: roleAuthor('engineer') })).toBeNull();
    await workspace.writeFile('a.txt', 'a'); // same content: still nothing
    expect(await workspace.commit({ message: 'same', author: roleAuthor('engineer') })).toBeNull();
    expect(await workspace.commit({ message: 'none', author: roleAuthor('engineer'), paths: [] })).toBeNull();
    expect(await workspace.head()).toBe(first);
  });

  it('commits only the given paths when asked, including deletions', async () => {
    const workspace = await openWorkspace(root);
    await workspace.writeFile('one.ts', '1');
    await workspace.writeFile('two.ts', '2');
    await workspace.writeFile('glob*.ts', '*');
    await workspace.commit({ message: 'one', author: roleAuthor('engineer'), paths: ['one.ts', 'glob*.ts'] });
    expect(git(['show', '--name-only', '--format=', 'HEAD']).split('\n').sort()).toEqual(['glob*.ts', 'one.ts']);
    rmSync(path.join(root, 'one.ts'));
    await workspace.commit({ message: 'drop one', author: roleAuthor('engineer'), paths: ['one.ts'] });
    expect(git(['show', '--name-status', '--format=', 'HEAD'])).toBe('D\tone.ts');
    expect(await workspace.listFiles()).toEqual(['.gitignore', 'glob*.ts', 'two.ts']);
  });

  it('lists tracked and untracked files, sorted, leaving out ignored ones and .git', async () => {
    const workspace = await openWorkspace(root);
    await workspace.writeFile('src/b.ts', 'b');
    await workspace.commit({ message: 'b', author: roleAuthor('engineer') });
    await workspace.writeFile('src/a.ts', 'a');
    await workspace.writeFile('node_modules/pkg/index.js', 'x');
    mkdirSync(path.join(root, '.atelier'));
    writeFileSync(path.join(root, '.atelier', 'state.json'), '{}');
    expect(await workspace.listFiles()).toEqual(['.gitignore', 'src/a.ts', 'src/b.ts']);
  });

  it('never runs hooks planted in the repository', async () => {
    const workspace = await openWorkspace(root);
    const marker = path.join(outside, 'hook-ran');
    for (const hook of ['pre-commit', 'prepare-commit-msg', 'post-commit']) {
      writeFileSync(path.join(root, '.git', 'hooks', hook), `#!/bin/sh\ntouch ${marker}\n`);
      chmodSync(path.join(root, '.git', 'hooks', hook), 0o755);
    }
    await workspace.writeFile('a.txt', 'a');
    expect(await workspace.commit({ message: 'a', author: roleAuthor('engineer') })).not.toBeNull();
    expect(existsSync(marker)).toBe(false);
  });

  it('serialises parallel commits so none fails on the index lock', async () => {
    const workspace = await openWorkspace(root);
    const files = Array.from({ length: 6 }, (_, index) => `task-${index}.ts`);
    await Promise.all(files.map((file) => workspace.writeFile(file, file)));
    const shas = await Promise.all(
      files.map((file) => workspace.commit({ message: file, author: roleAuthor('engineer'), paths: [file] })),
    );
    expect(new Set(shas).size).toBe(6);
    expect((await workspace.log()).length).toBe(6);
  });
});
