import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModelSession } from './model-session.js';
import { mergeModelSettings, readStoredModelSettings } from './model-settings.js';
import { formatUsd } from './usd.js';
import { closedPort } from '../../test/support/closed-port.js';

function place() {
  const home = mkdtempSync(join(tmpdir(), 'atelier-session-'));
  return { cwd: home, env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, checkEndpoint: false };
}

describe('createModelSession', () => {
  it('takes the budget and cache from the configuration, the settings winning', async () => {
    const options = place();
    const fromConfig = await createModelSession({ model: 'm' }, { budget_usd: 3, cache: true }, options);
    expect(fromConfig.cacheScope).toBe('project');
    expect(formatUsd(fromConfig.budget!)).toBe('3');
    expect(formatUsd((await createModelSession({ model: 'm', budgetUsd: '0.5' }, { budget_usd: 3 }, options)).budget!)).toBe('0.5');
    expect((await createModelSession({ model: 'm' }, {}, options)).budget).toBeUndefined();
  });

  it('explains a single endpoint: every stage goes to the one model', async () => {
    const session = await createModelSession({ model: 'scripted' }, {}, place());
    const lines = session.explain([{ id: 'implement', role: 'engineer' }]).join('\n');
    expect(lines).toContain('every call goes to http://127.0.0.1:9/v1 (OPENAI_BASE_URL), model scripted (--model)');
    expect(lines).toContain('implement (engineer → code_generation');
    expect(lines).toContain('primary openai-compatible:scripted (pinned by --model');
  });

  it('refuses to record and replay at once, and a single endpoint without a model', async () => {
    await expect(createModelSession({ record: 'a', replay: 'b' }, {}, place())).rejects.toThrow('not both');
    await expect(createModelSession({}, {}, place())).rejects.toThrow(/--model/);
  });
});

describe('a single endpoint without --model', () => {
  it('asks for its model list once, for the check and the choice, and explains the choice', async () => {
    const asked: string[] = [];
    const fetchStub = async (url: string) => {
      asked.push(url);
      return Response.json({ data: [{ id: 'qwen3:8b', pricing: { prompt: '0', completion: '0' } }] });
    };
    const session = await createModelSession({}, {}, { ...place(), checkEndpoint: true, fetch: fetchStub });
    const lines = session.explain([{ id: 'write_prd', role: 'product_manager' }]).join('\n');
    expect(asked).toEqual(['http://127.0.0.1:9/v1/models']);
    expect(lines).toContain('catalog: 1 listed by GET /models');
    expect(lines).toContain('every call goes to http://127.0.0.1:9/v1 (OPENAI_BASE_URL), model qwen3:8b: the only model it lists (no --model given)');
    expect(lines).toContain('primary openai-compatible:qwen3:8b (context unknown, free');
  });
});

describe('a single endpoint that does not answer', () => {
  it('is found before the run, with the URL and what to check', async () => {
    const port = await closedPort();
    const base = place();
    const options = { ...base, env: { ...base.env, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, checkEndpoint: true };
    await expect(createModelSession({ model: 'm' }, {}, options)).rejects.toThrow(
      `cannot reach the model endpoint http://127.0.0.1:${port}/v1 (OPENAI_BASE_URL): the connection was refused (nothing listens there). Check that the server is running`,
    );
  });
});

describe('model settings', () => {
  it('reads the raw flags older runs kept, as the typed settings', () => {
    expect(readStoredModelSettings({ model: 'm', budget: '2', stageModel: ['write_prd=x'], freeOnly: true })).toEqual({
      model: 'm',
      budgetUsd: '2',
      stageModels: { write_prd: 'x' },
      freeOnly: true,
    });
    expect(readStoredModelSettings({ model: 'm', budgetUsd: '1.5' })).toEqual({ model: 'm', budgetUsd: '1.5' });
    expect(readStoredModelSettings('nonsense')).toEqual({});
  });

  it('lets the settings given to a resume win, a new cassette replacing the old one', () => {
    expect(mergeModelSettings({ model: 'a', budgetUsd: '1' }, { budgetUsd: '5' })).toEqual({ model: 'a', budgetUsd: '5' });
    expect(mergeModelSettings({ record: '/r.json', model: 'a' }, { replay: '/p.json' })).toEqual({ replay: '/p.json', model: 'a' });
  });
});
