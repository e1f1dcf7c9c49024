import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxError } from '../../sandbox/sandbox-error.js';
import { OFFLINE_NPM_CACHE_VARIABLE, resolveOfflineNpmCache } from './offline-npm-cache.js';

const home = realpathSync(mkdtempSync(join(tmpdir(), 'atelier-offline-cache-')));
mkdirSync(join(home, '.npm'));
symlinkSync(join(home, '.npm'), join(home, 'cache-link'));
writeFileSync(join(home, 'file'), '');

describe('resolveOfflineNpmCache', () => {
  it('is off unless the config or ATELIER_OFFLINE_NPM_CACHE names a cache', async () => {
    expect(await resolveOfflineNpmCache(undefined, { env: { HOME: home }, driver: 'bubblewrap' })).toBeUndefined();
    expect(await resolveOfflineNpmCache(undefined, { env: { HOME: home, [OFFLINE_NPM_CACHE_VARIABLE]: ' ' }, driver: 'bubblewrap' })).toBeUndefined();
  });

  it('reads ~/ as the home folder and gives the real path, the configured value winning over the variable', async () => {
    const env = { HOME: home, [OFFLINE_NPM_CACHE_VARIABLE]: '/nowhere' };
    expect(await resolveOfflineNpmCache('~/.npm', { env, driver: 'bubblewrap' })).toBe(join(home, '.npm'));
    expect(await resolveOfflineNpmCache(undefined, { env: { HOME: home, [OFFLINE_NPM_CACHE_VARIABLE]: join(home, 'cache-link') }, driver: 'bubblewrap' })).toBe(join(home, '.npm'));
  });

  it('stops with the setting to change when the cache is not a folder or not a path', async () => {
    const missing = resolveOfflineNpmCache('~/.missing', { env: { HOME: home }, driver: 'bubblewrap' });
    await expect(missing).rejects.toSatisfy((error) => SandboxError.isInstance(error));
    await expect(resolveOfflineNpmCache('~/.missing', { env: { HOME: home }, driver: 'bubblewrap' })).rejects.toThrow(
      `sandbox (bubblewrap): sandbox.offline_npm_cache names the npm cache ${join(home, '.missing')}, which is not a folder: point it at a filled npm cache`,
    );
    await expect(resolveOfflineNpmCache(undefined, { env: { HOME: home, [OFFLINE_NPM_CACHE_VARIABLE]: join(home, 'file') }, driver: 'plain' })).rejects.toThrow(/ATELIER_OFFLINE_NPM_CACHE names the npm cache .*file, which is not a folder/);
    await expect(resolveOfflineNpmCache(undefined, { env: { HOME: home, [OFFLINE_NPM_CACHE_VARIABLE]: '.npm' }, driver: 'plain' })).rejects.toThrow('ATELIER_OFFLINE_NPM_CACHE is ".npm": give the npm cache as an absolute path or one starting with ~/');
  });
});
