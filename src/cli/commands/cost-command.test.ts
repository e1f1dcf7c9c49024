import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDelivered } from './cost-command.js';

let base: string;
let project: string;
beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'atelier-cost-')));
  project = path.join(base, 'project');
  mkdirSync(path.join(project, 'src'), { recursive: true });
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('readDelivered (the files `cost` counts lines of)', () => {
  it('counts each regular file once, however its path is spelled', async () => {
    writeFileSync(path.join(project, 'src', 'a.js'), 'a\n');
    const delivered = await readDelivered(project, ['src/a.js', './src/a.js', 'src//a.js', 'src/removed.js']);
    expect(delivered).toEqual({ texts: ['a\n'], notCounted: [] });
  });

  it('leaves a package manager lockfile out of the lines of code, and says so', async () => {
    writeFileSync(path.join(project, 'src', 'a.js'), 'a\n');
    writeFileSync(path.join(project, 'package-lock.json'), '{\n  "lockfileVersion": 3\n}\n');
    const delivered = await readDelivered(project, ['src/a.js', 'package-lock.json']);
    expect(delivered).toEqual({ texts: ['a\n'], notCounted: [{ path: 'package-lock.json', reason: 'lockfile' }] });
  });

  it('counts no FIFO, link to /dev/zero, hard link to a file outside, link on the way or oversized file, and says why', async () => {
    execFileSync('mkfifo', [path.join(project, 'src', 'fifo.js')]);
    symlinkSync('/dev/zero', path.join(project, 'src', 'zero.js'));
    writeFileSync(path.join(base, 'secret'), 'outside\n');
    linkSync(path.join(base, 'secret'), path.join(project, 'src', 'linked.js'));
    mkdirSync(path.join(base, 'elsewhere'));
    writeFileSync(path.join(base, 'elsewhere', 'x.js'), 'x\n');
    symlinkSync(path.join(base, 'elsewhere'), path.join(project, 'lib'));
    writeFileSync(path.join(project, 'src', 'big.js'), 'b'.repeat(101));
    const delivered = await readDelivered(project, ['src/fifo.js', 'src/zero.js', 'src/linked.js', 'lib/x.js', 'src/big.js'], { fileBytes: 100, totalBytes: 1_000 });
    expect(delivered.texts).toEqual([]);
    expect(delivered.notCounted).toEqual([
      { path: 'src/fifo.js', reason: 'not a regular file' },
      { path: 'src/zero.js', reason: 'symbolic link' },
      { path: 'src/linked.js', reason: 'hard-linked' },
      { path: 'lib/x.js', reason: 'symbolic link' },
      { path: 'src/big.js', reason: 'too large' },
    ]);
  });

  it('stops reading once the total is reached, and counts the rest as not counted', async () => {
    for (const name of ['a', 'b', 'c', 'd']) writeFileSync(path.join(project, 'src', `${name}.js`), name.repeat(40));
    const delivered = await readDelivered(project, ['src/a.js', 'src/b.js', 'src/c.js', 'src/d.js'], { fileBytes: 100, totalBytes: 100 });
    expect(delivered.texts).toEqual(['a'.repeat(40), 'b'.repeat(40)]);
    expect(delivered.notCounted).toEqual([
      { path: 'src/c.js', reason: 'over the 100 bytes read in all' },
      { path: 'src/d.js', reason: 'over the 100 bytes read in all' },
    ]);
  });
});
