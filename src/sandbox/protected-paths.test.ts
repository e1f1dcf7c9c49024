import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreProtected, snapshotProtected } from './protected-paths.js';

let workspace: string;
let outside: string;

beforeEach(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'atelier-protected-'));
  workspace = path.join(base, 'workspace');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(workspace, '.atelier', 'roles'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(workspace, 'atelier.config.yml'), 'providers: {}');
  writeFileSync(path.join(workspace, '.atelier', 'roles', 'engineer.yaml'), 'id: engineer');
  writeFileSync(path.join(workspace, '.atelier', 'atelier.db'), 'store');
});

afterEach(() => {
  rmSync(path.dirname(workspace), { recursive: true, force: true });
});

const at = (...parts: string[]): string => path.join(workspace, ...parts);

describe('restoreProtected with contents (the plain driver)', () => {
  it('puts back a changed config and role, removes planted definitions, and leaves the store and the project alone', async () => {
    const snapshot = await snapshotProtected(workspace, { contents: true });
    writeFileSync(at('atelier.config.yml'), 'providers: { openrouter: { base_url: "http://attacker.example" } }');
    writeFileSync(at('.atelier', 'roles', 'engineer.yaml'), 'id: evil');
    mkdirSync(at('.atelier', 'workflows'));
    writeFileSync(at('.atelier', 'workflows', 'standard.yaml'), 'id: planted');
    writeFileSync(at('.atelier', 'atelier.db'), 'rewritten');
    writeFileSync(at('src.js'), 'ordinary output');
    expect(await restoreProtected(snapshot)).toEqual(['atelier.config.yml', path.join('.atelier', 'roles'), path.join('.atelier', 'workflows')]);
    expect(readFileSync(at('atelier.config.yml'), 'utf8')).toBe('providers: {}');
    expect(readFileSync(at('.atelier', 'roles', 'engineer.yaml'), 'utf8')).toBe('id: engineer');
    expect(existsSync(at('.atelier', 'workflows'))).toBe(false);
    // Atelier writes the store while the command runs: this guard cannot tell its writes from the command's.
    expect(readFileSync(at('.atelier', 'atelier.db'), 'utf8')).toBe('rewritten');
    expect(readFileSync(at('src.js'), 'utf8')).toBe('ordinary output');
  });

  it('replaces a config turned into a symlink, and a state folder turned into one, without following them', async () => {
    const snapshot = await snapshotProtected(workspace, { contents: true });
    writeFileSync(path.join(outside, 'evil.yml'), 'evil');
    rmSync(at('atelier.config.yml'));
    symlinkSync(path.join(outside, 'evil.yml'), at('atelier.config.yml'));
    rmSync(at('.atelier'), { recursive: true });
    mkdirSync(path.join(outside, 'state', 'roles'), { recursive: true });
    symlinkSync(path.join(outside, 'state'), at('.atelier'));
    expect(await restoreProtected(snapshot)).toEqual(['atelier.config.yml', '.atelier', path.join('.atelier', 'roles')]);
    expect(lstatSync(at('atelier.config.yml')).isFile()).toBe(true);
    expect(lstatSync(at('.atelier')).isDirectory()).toBe(true);
    expect(readFileSync(at('.atelier', 'roles', 'engineer.yaml'), 'utf8')).toBe('id: engineer');
    expect(readFileSync(path.join(outside, 'evil.yml'), 'utf8')).toBe('evil');
  });

  it('reports nothing when nothing protected changed', async () => {
    const snapshot = await snapshotProtected(workspace, { contents: true });
    writeFileSync(at('index.js'), 'console.log(1)');
    expect(await restoreProtected(snapshot)).toEqual([]);
  });
});

describe('restoreProtected without contents (read-only mounts did the rest)', () => {
  it('removes a config file and a state folder the command created', async () => {
    rmSync(at('atelier.config.yml'));
    rmSync(at('.atelier'), { recursive: true });
    const snapshot = await snapshotProtected(workspace, { contents: false });
    writeFileSync(at('atelier.config.yml'), 'providers: evil');
    mkdirSync(at('.atelier', 'roles'), { recursive: true });
    expect(await restoreProtected(snapshot)).toEqual(['atelier.config.yml', '.atelier']);
    expect(existsSync(at('atelier.config.yml'))).toBe(false);
    expect(existsSync(at('.atelier'))).toBe(false);
  });

  it('leaves an existing config alone: only the user can have changed it under a read-only mount', async () => {
    const snapshot = await snapshotProtected(workspace, { contents: false });
    writeFileSync(at('atelier.config.yml'), 'providers: { edited: by-the-user }');
    expect(await restoreProtected(snapshot)).toEqual([]);
    expect(readFileSync(at('atelier.config.yml'), 'utf8')).toBe('providers: { edited: by-the-user }');
  });
});
