import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig, mergeAppConfig, readAppConfigFile } from './app-config.js';
import { ConfigErrors } from './config-error.js';

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'atelier-config-')), 'atelier.config.yml');
  writeFileSync(file, text);
  return file;
}

describe('atelier.config.yml', () => {
  it('reads a full configuration', async () => {
    const config = await readAppConfigFile(
      write('workflow: security_focused\nbudget_usd: 2.5\nmodels:\n  default: openai/gpt-4.1-mini\n  roles:\n    engineer: anthropic/claude-sonnet-4.5\nproviders:\n  local:\n    type: openai-compatible\n    base_url: http://localhost:1234/v1\n    rate_limit: { concurrency: 2, rpm: 60 }\n'),
    );
    expect(config.models?.roles?.engineer).toBe('anthropic/claude-sonnet-4.5');
    expect(config.providers?.local?.rate_limit?.rpm).toBe(60);
  });

  it('names the file, line and key of a mistake', async () => {
    const file = write('budget_usd: 5\nmodels:\n  defualt: x\nconcurrency: lots\n');
    const error = await readAppConfigFile(file).catch((e: unknown) => e);
    expect(ConfigErrors.isInstance(error)).toBe(true);
    const messages = (error as ConfigErrors).errors.map((e) => e.message);
    expect(messages.some((m) => m.startsWith(`${file}:3:`) && m.includes('defualt'))).toBe(true);
    expect(messages.some((m) => m.startsWith(`${file}:4:`) && m.includes('concurrency'))).toBe(true);
  });

  it('takes sandbox.offline_npm_cache as an absolute folder or one under ~/, and says how to write it otherwise', async () => {
    expect((await readAppConfigFile(write('sandbox:\n  offline_npm_cache: ~/.npm\n'))).sandbox?.offline_npm_cache).toBe('~/.npm');
    expect((await readAppConfigFile(write('sandbox:\n  offline_npm_cache: /var/cache/npm\n'))).sandbox?.offline_npm_cache).toBe('/var/cache/npm');
    const file = write('sandbox:\n  offline_npm_cache: .npm\n');
    const error = (await readAppConfigFile(file).catch((e: unknown) => e)) as ConfigErrors;
    expect(error.errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^${file}:2:.*offline_npm_cache is a folder given as an absolute path or under ~/, e\\.g\\. ~/\\.npm`))]);
  });

  it('lets the project override the user, key by key', async () => {
    const user = write('budget_usd: 1\nmodels:\n  default: a\n  roles: { engineer: e1, architect: a1 }\n');
    const project = write('models:\n  roles: { engineer: e2 }\n');
    const config = await loadAppConfig({ user, project });
    expect(config).toEqual({ budget_usd: 1, models: { default: 'a', roles: { engineer: 'e2', architect: 'a1' } } });
    expect(mergeAppConfig({ cache: true }, {})).toEqual({ cache: true });
  });
});
