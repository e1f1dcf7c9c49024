import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigChangeError } from './config-change-error.js';
import { ConfigError } from './config-error.js';
import { collectList, collectRepeated, roleFileFromOptions } from './role-options.js';
import { serializeRole } from './role-yaml.js';

const SEED_ROLE = fileURLToPath(new URL('./fixtures/roles/security_expert.yml', import.meta.url));

async function promptFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'atelier-prompt-')), 'prompt.txt');
  await writeFile(file, text);
  return file;
}

describe('roleFileFromOptions', () => {
  it('writes the seed role from the seed options, byte for byte', async () => {
    const role = await roleFileFromOptions('security_expert', {
      displayName: 'Security Expert',
      description: 'Performs comprehensive security analysis',
      promptFile: await promptFile('You are a senior cybersecurity expert...\n\n\n'),
      sections: collectList('Threat Model,Detailed Findings', collectList('Executive Summary')),
      requiredPatterns: ['OWASP', 'authentication', 'encryption'].reduce<string[]>((all, p) => collectRepeated(p, all), []),
      contextSize: 'large',
      reasoning: 'strong',
      temperature: '0.1',
    });
    expect(serializeRole(role)).toBe(await readFile(SEED_ROLE, 'utf8'));
  });

  it('keeps Atelier keys after the seed ones and reads numbers', async () => {
    const role = await roleFileFromOptions('auditor', { prompt: 'You audit.', contextSize: '64000', model: 'openai/gpt-4.1', document: 'review', aliases: ['audit'] });
    expect(role).toEqual({
      name: 'Auditor',
      description: '',
      system_prompt: 'You audit.\n',
      model_preferences: { context_size: 64000, model: 'openai/gpt-4.1' },
      aliases: ['audit'],
      document: 'review',
    });
  });

  it('names the option of every bad value', async () => {
    const error = await roleFileFromOptions('auditor', { prompt: 'p', reasoning: 'huge', temperature: '3', behaviour: 'boss' }).catch((e: unknown) => e);
    expect(ConfigChangeError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('--reasoning:');
    expect(message).toContain('--temperature: temperature must be between 0 and 2');
    expect(message).toContain('--behaviour:');
    await expect(roleFileFromOptions('a', { prompt: 'p', temperature: 'warm' })).rejects.toThrow('--temperature must be a number from 0 to 2, not "warm"');
    await expect(roleFileFromOptions('a', { prompt: 'p', contextSize: 'huge' })).rejects.toThrow('--context-size must be small, medium, large');
    await expect(roleFileFromOptions('a', {})).rejects.toThrow('a role needs a system prompt');
  });

  it('reports a missing or empty prompt file as a ConfigError naming the file and the option', async () => {
    const missing = await roleFileFromOptions('a', { promptFile: '/nonexistent/prompt.txt' }).catch((e: unknown) => e);
    expect(ConfigError.isInstance(missing) && missing.message).toBe('/nonexistent/prompt.txt: --prompt-file: file not found');
    const empty = await promptFile('  \n');
    await expect(roleFileFromOptions('a', { promptFile: empty })).rejects.toThrow(`${empty}: --prompt-file: the prompt file is empty`);
  });
});
