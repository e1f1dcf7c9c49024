import { chownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lendWorkspace } from './lent-workspace.js';

const asRoot = process.geteuid?.() === 0;
let workspace: string;
let outside: string;

beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'atelier-lend-'));
  outside = mkdtempSync(path.join(tmpdir(), 'atelier-lend-outside-'));
  mkdirSync(path.join(workspace, 'src'));
  writeFileSync(path.join(workspace, 'src', 'a.js'), 'a');
  mkdirSync(path.join(workspace, '.git'));
  writeFileSync(path.join(workspace, '.git', 'config'), '');
  writeFileSync(path.join(outside, 'target'), 'not the project');
  symlinkSync(path.join(outside, 'target'), path.join(workspace, 'link'));
  mkdirSync(path.join(workspace, 'foreign'));
  chownSync(path.join(workspace, 'foreign'), 54321, 54321);
});

afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const owner = (relative: string) => lstatSync(path.join(workspace, relative)).uid;
const options = { owner: { uid: 0, gid: 0 }, borrower: { uid: 65534, gid: 65534 }, keep: ['.git'] };

describe.runIf(asRoot)('lendWorkspace (Atelier as root)', () => {
  it("lends what Atelier owns, never what is kept, what others own, or a link's target; and gives it all back", async () => {
    const giveBack = await lendWorkspace(workspace, options);
    expect(['.', 'src', 'src/a.js', 'link', '.git', '.git/config', 'foreign'].map(owner)).toEqual([65534, 65534, 65534, 65534, 0, 0, 54321]);
    expect(lstatSync(path.join(outside, 'target')).uid).toBe(0);
    // What the borrower creates comes back too.
    writeFileSync(path.join(workspace, 'src', 'made.js'), 'b');
    chownSync(path.join(workspace, 'src', 'made.js'), 65534, 65534);
    await giveBack();
    expect(['.', 'src', 'src/a.js', 'src/made.js', 'link', 'foreign'].map(owner)).toEqual([0, 0, 0, 0, 0, 54321]);
    expect(lstatSync(path.join(workspace, 'src', 'made.js')).gid).toBe(0);
  });

  it('is shared by commands at once: only the last to finish gives it back', async () => {
    const first = await lendWorkspace(workspace, options);
    const second = await lendWorkspace(workspace, options);
    await first();
    await first();
    expect(owner('src/a.js')).toBe(65534);
    await second();
    expect(owner('src/a.js')).toBe(0);
  });
});
