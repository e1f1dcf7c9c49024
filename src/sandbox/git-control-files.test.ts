import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBubblewrapDriver, probeBubblewrap } from './bubblewrap-driver.js';
import { restoreGitControl, snapshotGitControl } from './git-control-files.js';
import { createPlainDriver } from './plain-driver.js';
import type { SandboxDriver } from './sandbox-driver.js';

/**
 * A command planting a git filter (`.git/config` plus `.gitattributes`) so that Atelier's next
 * `git add` runs it on the host. Bubblewrap mounts `.git` read-only; the plain driver cannot, so
 * it puts `.git/config` and the other files that decide what git runs back after every command.
 */
const bubblewrap = await probeBubblewrap();
let base: string;
let workspace: string;

beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'atelier-git-plant-')));
  workspace = path.join(base, 'project');
  mkdirSync(workspace);
  execFileSync('git', ['init', '--quiet'], { cwd: workspace });
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

const plant = `
  const fs = require('fs');
  const attempt = (f, write) => { try { write(f); return 'written'; } catch (e) { return e.code; } };
  console.log(JSON.stringify([
    attempt('.git/config', (f) => fs.appendFileSync(f, '[filter "evil"]\\n\\tclean = "sh -c \\'touch ' + process.argv[1] + '; cat\\'"\\n')),
    attempt('.git/info/attributes', (f) => { fs.mkdirSync('.git/info', { recursive: true }); fs.writeFileSync(f, '* filter=evil\\n'); }),
    attempt('.gitattributes', (f) => fs.writeFileSync(f, '* filter=evil\\n')),
  ]));`;

const run = (driver: SandboxDriver) => driver.run({ argv: ['node', '-e', plant, path.join(base, 'PWNED')], cwd: workspace, timeoutMs: 15_000 });
const config = () => readFileSync(path.join(workspace, '.git', 'config'), 'utf8');

describe('a git filter planted by a sandboxed command', () => {
  it('is put back after the command on the plain driver, and the report says so', async () => {
    const before = config();
    const result = await run(createPlainDriver('git plant test'));
    expect(JSON.parse(result.stdout)).toEqual(['written', 'written', 'written']);
    expect(config()).toBe(before);
    expect(existsSync(path.join(workspace, '.git', 'info', 'attributes'))).toBe(false);
    expect(result.tampered).toEqual(['.git/config', '.git/info/attributes']);
    expect(result.limitsReport?.join('\n')).toContain('protected: the command changed .git/config, which decides what git runs (a filter there would run on the host at the next commit); it was put back as it was');
    // The work tree is the project's: .gitattributes stays, and names a filter that no longer exists.
    expect(existsSync(path.join(workspace, '.gitattributes'))).toBe(true);
    execFileSync('git', ['add', '--all'], { cwd: workspace, env: { PATH: process.env.PATH ?? '', HOME: base, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(existsSync(path.join(base, 'PWNED'))).toBe(false);
  });

  it.runIf(bubblewrap.available)('cannot be planted under bubblewrap: .git is read-only (and, as root, not lent to the sandbox user)', async () => {
    const before = config();
    const result = await run(createBubblewrapDriver(bubblewrap.available ? bubblewrap.bwrap : 'bwrap'));
    expect(JSON.parse(result.stdout)).toEqual([expect.stringMatching(/^(EROFS|EACCES)$/), expect.stringMatching(/^(EROFS|EACCES)$/), 'written']);
    expect(config()).toBe(before);
    expect(result.tampered).toBeUndefined();
  });
});

describe('restoreGitControl', () => {
  it('reports .git replaced by a link and writes nothing through it', async () => {
    const snapshot = await snapshotGitControl(workspace);
    const elsewhere = path.join(base, 'elsewhere');
    mkdirSync(elsewhere);
    rmSync(path.join(workspace, '.git'), { recursive: true });
    symlinkSync(elsewhere, path.join(workspace, '.git'));
    expect(await restoreGitControl(snapshot)).toEqual(['.git']);
    expect(existsSync(path.join(elsewhere, 'config'))).toBe(false);
  });

  it('has nothing to keep where the workspace is no repository', async () => {
    rmSync(path.join(workspace, '.git'), { recursive: true });
    const snapshot = await snapshotGitControl(workspace);
    mkdirSync(path.join(workspace, '.git'));
    expect(await restoreGitControl(snapshot)).toEqual([]);
  });
});
