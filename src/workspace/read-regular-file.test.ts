import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRegularFile } from './read-regular-file.js';

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'atelier-read-')));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const LIMITS = { maxBytes: 16 };

describe('readRegularFile', () => {
  it('reads a regular file as UTF-8, up to the cap and no further', async () => {
    writeFileSync(path.join(dir, 'a.js'), 'é = 1');
    writeFileSync(path.join(dir, 'at-cap.js'), 'x'.repeat(16));
    writeFileSync(path.join(dir, 'over.js'), 'x'.repeat(17));
    expect(await readRegularFile(path.join(dir, 'a.js'), LIMITS)).toEqual({ text: 'é = 1' });
    expect(await readRegularFile(path.join(dir, 'at-cap.js'), LIMITS)).toEqual({ text: 'x'.repeat(16) });
    expect(await readRegularFile(path.join(dir, 'over.js'), LIMITS)).toEqual({ unread: 'too large' });
    expect(await readRegularFile(path.join(dir, 'missing.js'), LIMITS)).toEqual({ unread: 'missing' });
    expect(await readRegularFile(path.join(dir, 'a.js', 'below'), LIMITS)).toEqual({ unread: 'missing' });
  });

  it('neither blocks on a FIFO nor reads a device, a folder or a symbolic link', async () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    symlinkSync('/dev/zero', path.join(dir, 'zero'));
    mkdirSync(path.join(dir, 'folder'));
    expect(await readRegularFile(path.join(dir, 'fifo'), LIMITS)).toEqual({ unread: 'not a regular file' });
    expect(await readRegularFile('/dev/zero', LIMITS)).toEqual({ unread: 'not a regular file' });
    expect(await readRegularFile(path.join(dir, 'zero'), LIMITS)).toEqual({ unread: 'symbolic link' });
    expect(await readRegularFile(path.join(dir, 'folder'), LIMITS)).toEqual({ unread: 'not a regular file' });
  });

  it('refuses a hard-linked file when asked to, and a file whose real path is not accepted', async () => {
    writeFileSync(path.join(dir, 'secret'), 'key');
    linkSync(path.join(dir, 'secret'), path.join(dir, 'copy.js'));
    expect(await readRegularFile(path.join(dir, 'copy.js'), { ...LIMITS, singleLink: true })).toEqual({ unread: 'hard-linked' });
    expect(await readRegularFile(path.join(dir, 'copy.js'), LIMITS)).toEqual({ text: 'key' });

    mkdirSync(path.join(dir, 'real'));
    writeFileSync(path.join(dir, 'real', 'a.js'), 'a');
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'via'));
    const asked = path.join(dir, 'via', 'a.js');
    expect(await readRegularFile(asked, { ...LIMITS, accept: (real) => real === asked })).toEqual({ unread: 'moved' });
    expect(await readRegularFile(asked, { ...LIMITS, accept: (real) => real === path.join(dir, 'real', 'a.js') })).toEqual({ text: 'a' });
  });
});
