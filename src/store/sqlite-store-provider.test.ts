import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStoreProvider } from './sqlite-store-provider.js';
import { projectStoreFile, userDataDir } from './store-provider.js';

const root = mkdtempSync(join(tmpdir(), 'atelier-provider-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sqliteStoreProvider', () => {
  const dataDir = join(root, 'data');
  const provider = sqliteStoreProvider({ dataDir });

  it('says where it keeps things', () => {
    expect(provider.description).toBe(`SQLite per project, index at ${join(dataDir, 'projects.db')}`);
  });

  it('creates a project store only when opened, and finds it afterwards', async () => {
    const project = join(root, 'reading-list');
    mkdirSync(project);
    expect(await provider.hasProjectStore(project)).toBe(false);
    expect(existsSync(join(project, '.atelier'))).toBe(false);

    const store = await provider.openProjectStore(project);
    await store.upsertProject({ id: 'p1', name: 'Reading list', root: project });
    await store.close();
    expect(existsSync(join(project, '.atelier', 'atelier.db'))).toBe(true);
    expect(await provider.hasProjectStore(`${project}/./`)).toBe(true);

    const again = await provider.openProjectStore(project);
    expect((await again.getProject('p1'))?.name).toBe('Reading list');
    await again.close();
  });

  it('answers no for a missing folder, a file in the way, or a folder where the store should be', async () => {
    expect(await provider.hasProjectStore(join(root, 'missing'))).toBe(false);
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expect(await provider.hasProjectStore(file)).toBe(false);
    const odd = join(root, 'odd');
    mkdirSync(join(odd, '.atelier', 'atelier.db'), { recursive: true });
    expect(await provider.hasProjectStore(odd)).toBe(false);
  });

  it('opens the project index under the data folder, shared by every open', async () => {
    const first = await provider.openProjectIndex();
    await first.remember({ root: join(root, 'reading-list'), name: 'Reading list' });
    await first.close();
    expect(existsSync(join(dataDir, 'projects.db'))).toBe(true);
    const second = await sqliteStoreProvider({ dataDir: `${dataDir}/` }).openProjectIndex();
    expect((await second.list()).map((p) => p.name)).toEqual(['Reading list']);
    await second.close();
  });
});

describe('userDataDir', () => {
  it('prefers ATELIER_DATA_DIR, then XDG_DATA_HOME, then the home folder', () => {
    expect(userDataDir({ ATELIER_DATA_DIR: '/srv/atelier', XDG_DATA_HOME: '/x', HOME: '/h' })).toBe('/srv/atelier');
    expect(userDataDir({ XDG_DATA_HOME: '/x/data', HOME: '/h' })).toBe('/x/data/atelier');
    expect(userDataDir({ HOME: '/home/u' })).toBe('/home/u/.local/share/atelier');
    expect(userDataDir({})).toBe(join(homedir(), '.local', 'share', 'atelier'));
  });

  it('ignores empty values and a relative XDG_DATA_HOME, and resolves a relative ATELIER_DATA_DIR', () => {
    expect(userDataDir({ ATELIER_DATA_DIR: '', XDG_DATA_HOME: '', HOME: '/home/u' })).toBe('/home/u/.local/share/atelier');
    expect(userDataDir({ XDG_DATA_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.local/share/atelier');
    expect(userDataDir({ ATELIER_DATA_DIR: 'data' })).toBe(join(process.cwd(), 'data'));
  });
});

describe('projectStoreFile', () => {
  it('is .atelier/atelier.db inside the resolved project folder', () => {
    expect(projectStoreFile('/work/app/')).toBe('/work/app/.atelier/atelier.db');
    expect(projectStoreFile('app')).toBe(join(process.cwd(), 'app', '.atelier', 'atelier.db'));
  });
});
