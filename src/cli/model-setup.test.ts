import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUsd } from '../llm/usd.js';
import { parseAssignments, parseBudget, parseOptimize, prepareModel } from './model-setup.js';
import { UsageError } from './usage-error.js';

function sandbox(config?: string) {
  const home = mkdtempSync(join(tmpdir(), 'atelier-setup-'));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
  if (config !== undefined) {
    mkdirSync(join(env.XDG_CONFIG_HOME, 'atelier'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME, 'atelier', 'atelier.config.yml'), config);
  }
  return { cwd: home, env };
}

describe('model flags', () => {
  it('reads a budget in dollars exactly, and refuses what is not one', () => {
    expect(formatUsd(parseBudget('2.50'))).toBe('2.5');
    expect(() => parseBudget('two dollars')).toThrow('--budget must be an amount in US dollars, e.g. --budget 2.50, not "two dollars"');
    expect(() => parseBudget('0')).toThrow(UsageError);
  });

  it('reads --optimize and NAME=MODEL assignments', () => {
    expect(parseOptimize('cost')).toBe('cost');
    expect(() => parseOptimize('cheap')).toThrow('--optimize must be one of cost, quality, balanced');
    expect(parseAssignments(['write_prd=openai/gpt-4.1-mini', 'implement = ollama:qwen2.5-coder'], '--stage-model')).toEqual({
      write_prd: 'openai/gpt-4.1-mini',
      implement: 'ollama:qwen2.5-coder',
    });
    expect(() => parseAssignments(['write_prd'], '--stage-model')).toThrow('--stage-model takes NAME=MODEL');
  });
});

describe('prepareModel', () => {
  it('takes the budget and cache from atelier.config.yml, the flags winning', async () => {
    const { cwd, env } = sandbox('budget_usd: 3\ncache: true\n');
    const fromConfig = await prepareModel({ model: 'm' }, { cwd, env });
    expect(fromConfig).toMatchObject({ cacheScope: 'project' });
    expect(formatUsd(fromConfig.budget!)).toBe('3');
    expect(formatUsd((await prepareModel({ model: 'm', budget: '0.5' }, { cwd, env })).budget!)).toBe('0.5');
  });

  it('names the file, line and key of a bad configuration', async () => {
    const { cwd, env } = sandbox('budget_usd: lots\n');
    await expect(prepareModel({ model: 'm' }, { cwd, env })).rejects.toThrow(/atelier\.config\.yml:1.*budget_usd/);
  });

  it('explains a single endpoint: every stage goes to the one model', async () => {
    const { cwd, env } = sandbox();
    let printed = '';
    const out = { write: (text: string) => ((printed += text), true) } as unknown as NodeJS.WritableStream;
    await prepareModel({ model: 'scripted', explainModels: true }, { cwd, env, out, idea: 'a todo app', workflow: 'standard' });
    expect(printed).toContain('every call goes to http://127.0.0.1:9/v1 (OPENAI_BASE_URL), model scripted (--model)');
    expect(printed).toContain('implement (engineer → code_generation');
    expect(printed).toContain('primary openai-compatible:scripted (pinned by --model');
  });
});
