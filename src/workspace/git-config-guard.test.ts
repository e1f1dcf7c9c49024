import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roleAuthor } from './git-author.js';
import { parseConfigList } from './git-config-guard.js';
import { openWorkspace, type Workspace } from './workspace.js';

/**
 * What code run in the sandbox can leave in `.git` and the work tree for Atelier's own git to run
 * on the host: a filter named by `.gitattributes` and defined in `.git/config` (directly, through
 * an include, or as a long-running `process`), a gpg program behind `log.showSignature`, a work
 * tree somewhere else. Each plant writes a file outside the project when it runs.
 */
let base: string;
let root: string;
let pwned: string;
let workspace: Workspace;

beforeEach(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'atelier-git-guard-'));
  root = path.join(base, 'project');
  pwned = path.join(base, 'PWNED');
  workspace = await openWorkspace(root);
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: base, GIT_CONFIG_NOSYSTEM: '1' } });
const runs = (what: string) => `sh -c 'echo ${what} >> ${pwned}; cat'`;
const committed = (file: string) => git('show', `HEAD:${file}`);

describe("Atelier's git runs nothing the repository plants", () => {
  it('does not run a clean filter from .git/config named by .gitattributes, and commits the file as it is', async () => {
    git('config', 'filter.evil.clean', runs('clean'));
    git('config', 'filter.evil.smudge', runs('smudge'));
    git('config', 'filter.evil.required', 'true');
    await workspace.writeFile('.gitattributes', '* filter=evil\n');
    await workspace.writeFile('src/app.js', 'export const answer = 42;\n');
    const sha = await workspace.commit({ message: 'code', author: roleAuthor('engineer') });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(pwned)).toBe(false);
    expect(committed('src/app.js')).toBe('export const answer = 42;\n');
  });

  it('does not run a long-running filter process, nor one defined in an included file', async () => {
    // Quoted, as in any config file: an unquoted `;` starts a comment.
    writeFileSync(path.join(base, 'planted.cfg'), `[filter "two.part"]\n\tprocess = "${runs('process')}"\n`);
    git('config', 'include.path', path.join(base, 'planted.cfg'));
    git('config', 'filter.lfs.process', runs('lfs'));
    await workspace.writeFile('.gitattributes', '*.js filter=two.part\n*.md filter=lfs\n');
    await workspace.writeFile('a.js', 'a\n');
    await workspace.writeFile('b.md', 'b\n');
    await workspace.commit({ message: 'files', author: roleAuthor('engineer') });
    expect(existsSync(pwned)).toBe(false);
    expect([committed('a.js'), committed('b.md')]).toEqual(['a\n', 'b\n']);
  });

  it('notices a filter planted after an earlier commit (the configuration is read again when it changes)', async () => {
    await workspace.writeFile('a.txt', 'one\n');
    await workspace.commit({ message: 'one', author: roleAuthor('engineer') });
    git('config', 'filter.late.clean', runs('late'));
    writeFileSync(path.join(root, '.gitattributes'), '* filter=late\n');
    writeFileSync(path.join(root, 'a.txt'), 'two\n');
    await workspace.commit({ message: 'two', author: roleAuthor('engineer') });
    expect(existsSync(pwned)).toBe(false);
    expect(committed('a.txt')).toBe('two\n');
  });

  it('ignores an attributes file the configuration points at, and never runs gpg for the log', async () => {
    writeFileSync(path.join(base, 'attributes'), '* filter=evil\n');
    git('config', 'core.attributesFile', path.join(base, 'attributes'));
    git('config', 'filter.evil.clean', runs('attributes'));
    git('config', 'log.showSignature', 'true');
    git('config', 'gpg.program', path.join(base, 'gpg.sh'));
    writeFileSync(path.join(base, 'gpg.sh'), `#!/bin/sh\necho gpg >> ${pwned}\n`, { mode: 0o755 });
    await workspace.writeFile('a.txt', 'a\n');
    await workspace.commit({ message: 'a', author: roleAuthor('engineer') });
    expect((await workspace.log()).map((entry) => entry.message)).toEqual(['a']);
    expect(existsSync(pwned)).toBe(false);
  });

  it('refuses a work tree set elsewhere, saying which key to remove', async () => {
    mkdirSync(path.join(base, 'elsewhere'));
    git('config', 'core.worktree', path.join(base, 'elsewhere'));
    await expect(workspace.listFiles()).rejects.toThrow(/sets core\.worktree=.*elsewhere, which would point Atelier's git at another folder than the project; remove it \(git -C .* config --unset core\.worktree\)/);
  });

  it.runIf(process.geteuid?.() === 0)('still commits while the work tree is lent to the sandbox user (Atelier as root)', async () => {
    await workspace.writeFile('a.txt', 'a\n');
    chownSync(root, 65534, 65534);
    chownSync(path.join(root, 'a.txt'), 65534, 65534);
    expect(await workspace.commit({ message: 'lent', author: roleAuthor('engineer') })).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('parseConfigList', () => {
  it('reads scope, key and value, a bare key and a value with a newline', () => {
    expect(parseConfigList('local\0core.bare\nfalse\0local\0filter.a.b.clean\nx\ny\0command\0flag\0')).toEqual([
      { scope: 'local', key: 'core.bare', value: 'false' },
      { scope: 'local', key: 'filter.a.b.clean', value: 'x\ny' },
      { scope: 'command', key: 'flag', value: '' },
    ]);
  });
});
