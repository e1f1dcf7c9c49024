import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

describe('writeFileAtomic', () => {
  it('creates missing folders, replaces the old content and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atelier-atomic-'));
    const file = join(dir, 'a', 'b', 'role.yml');
    await writeFileAtomic(file, 'one\n');
    await writeFileAtomic(file, 'two\n');
    expect(await readFile(file, 'utf8')).toBe('two\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['role.yml']);
  });

  it('keeps the old file and removes the temporary one when the rename fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atelier-atomic-'));
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'kept');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('kept');
  });
});
