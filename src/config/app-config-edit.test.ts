import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configEntries, getConfigValue, parseConfigValue, planConfigSet } from './app-config-edit.js';
import { parseConfigKey } from './app-config-keys.js';
import { ConfigKeyNotSetError } from './config-change-error.js';
import { configFiles } from './config-locations.js';
import { put, tempLocations } from './temp-locations.test-support.js';

async function files() {
  return configFiles(await tempLocations());
}

describe('dotted keys', () => {
  it('accepts keys of the schema, including free names inside records', () => {
    expect(parseConfigKey('models.roles.engineer')).toEqual(['models', 'roles', 'engineer']);
    expect(parseConfigKey('providers.gateway.rate_limit.rpm')).toEqual(['providers', 'gateway', 'rate_limit', 'rpm']);
  });

  it('refuses unknown keys with the closest one and the keys that exist there', () => {
    expect(() => parseConfigKey('models.rolez')).toThrow('unknown key "models.rolez" (did you mean "models.roles"?); the keys under models are: default, free_only, roles, stages, capabilities');
    expect(() => parseConfigKey('concurrency.max')).toThrow('"concurrency" holds a single value');
    expect(() => parseConfigKey('models..default')).toThrow('is not a key');
  });
});

describe('config values', () => {
  it('reads command-line values as YAML scalars', () => {
    expect([parseConfigValue('4'), parseConfigValue('0.5'), parseConfigValue('true'), parseConfigValue('openai/gpt-4.1'), parseConfigValue('[a, b]')]).toEqual([4, 0.5, true, 'openai/gpt-4.1', ['a', 'b']]);
    expect(parseConfigValue('')).toBe('');
  });

  it('sets a key keeping comments, and validates the whole file', async () => {
    const { user } = await files();
    await put(user, '# mine\nconcurrency: 2 # laptop\n');
    expect((await planConfigSet(user, 'models.roles.engineer', 'a/b')).text).toBe('# mine\nconcurrency: 2 # laptop\nmodels:\n  roles:\n    engineer: a/b\n');
    await expect(planConfigSet(user, 'concurrency', 100)).rejects.toThrow(/cannot set "concurrency" to 100:\n {2}concurrency: Too big/);
    await expect(planConfigSet(user, 'sandbox.driver', 'vm')).rejects.toThrow('sandbox.driver: "vm" is not one of "auto", "bubblewrap", "docker", "plain"');
    expect(await readFile(user, 'utf8')).toBe('# mine\nconcurrency: 2 # laptop\n');
  });

  it('starts a missing file, and refuses one that is not a mapping', async () => {
    const { user, project } = await files();
    expect((await planConfigSet(user, 'workflow', 'standard')).text).toBe('workflow: standard\n');
    await put(project, '- a\n');
    await expect(planConfigSet(project, 'workflow', 'standard')).rejects.toThrow('must be a mapping');
  });

  it('merges the files key by key for get and list, naming where each value comes from', async () => {
    const pair = await files();
    await put(pair.user, 'concurrency: 2\nmodels:\n  roles:\n    engineer: a/b\n');
    await put(pair.project, 'concurrency: 3\nmodels:\n  roles:\n    architect: c/d\n');
    expect(await getConfigValue(pair, 'concurrency')).toBe(3);
    expect(await getConfigValue(pair, 'models.roles')).toEqual({ engineer: 'a/b', architect: 'c/d' });
    await expect(getConfigValue(pair, 'budget_usd')).rejects.toSatisfy((error) => ConfigKeyNotSetError.isInstance(error));
    expect((await configEntries(pair)).map((e) => `${e.key}=${String(e.value)}@${e.origin}`)).toEqual([
      'concurrency=3@project',
      'models.roles.engineer=a/b@user',
      'models.roles.architect=c/d@project',
    ]);
  });

  it('names the file and line of a problem already in a file', async () => {
    const pair = await files();
    await put(pair.project, 'concurrency: 2\nbudget: 5\n');
    await expect(getConfigValue(pair, 'concurrency')).rejects.toThrow(`${join(pair.project)}:2:1: budget: unknown key "budget"`);
  });
});
