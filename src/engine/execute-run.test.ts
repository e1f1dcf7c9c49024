import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LlmClient, StructuredRequest, StructuredResult } from '../llm/index.js';
import { openSqliteStore } from '../store/index.js';
import { scenarioRequestName, TODO_CLI_IDEA, todoCliResponder } from '../../test/support/scenarios/todo-cli.js';
import type { FakeChatRequest } from '../../test/support/fake-llm-types.js';
import { projectStoreFile as storeFile } from '../store/index.js';
import { startRun } from './start-run.js';

/** Stands in for the llm layer's error: the engine knows it by its stable name only. */
class FakeBudgetError extends Error {
  override readonly name = 'BudgetExceededError';
}

/** Answers like the todo-cli scenario, and throws `error` (made for the run) when the request named `failAt` arrives. */
function scriptedLlm(failAt: string, error: (runId: string, time: number) => Error | undefined): LlmClient {
  const responder = todoCliResponder();
  let times = 0;
  return {
    async generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
      const req: FakeChatRequest = { api: 'openai', model: 'm', system: request.system, messages: request.messages, stream: false, headers: {}, body: {}, bodyHash: '', index: 0 };
      const failure = scenarioRequestName(req) === failAt ? error(request.context.runId, ++times) : undefined;
      if (failure) throw failure;
      const reply = await responder(req);
      if (reply.kind !== 'text') throw new Error(`no scripted answer: ${JSON.stringify(reply)}`);
      const value = request.schema.parse(JSON.parse(reply.content));
      return { value, usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 }, attempts: 1, provider: 'fake', model: 'm' };
    },
    describe: () => ({ provider: 'fake', model: 'm' }),
  };
}

const plainSandbox = { name: 'plain' as const, isolated: false, warning: 'no sandbox available (test): generated code can read your files', run: () => Promise.reject(new Error('nothing runs before the stop')) };

async function runUntil(failAt: string, error: (runId: string, time: number) => Error | undefined) {
  const cwd = mkdtempSync(join(tmpdir(), 'atelier-stop-'));
  const env = { HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.config') };
  const result = await startRun(
    { idea: TODO_CLI_IDEA, workflow: 'standard', cwd, projectDir: 'todo', concurrency: 1, model: null, env },
    { createLlm: () => scriptedLlm(failAt, error), sandbox: () => Promise.resolve(plainSandbox) },
  );
  const store = await openSqliteStore(storeFile(result.projectDir));
  try {
    return { result, run: await store.getRun(result.run.id), events: await store.listEvents(result.run.id), stages: await store.listStages(result.run.id) };
  } finally {
    await store.close();
  }
}

describe('a run that runs out of budget', () => {
  it('stops (not fails) and says how to resume with more budget', async () => {
    const { result, run, events, stages } = await runUntil('api_spec', () => new FakeBudgetError('budget reached: $0.50 of the $0.50 budget is spent'));
    const id = result.run.id;
    expect(result.outcome.status).toBe('stopped');
    expect(result.outcome.error).toBe(`budget reached: $0.50 of the $0.50 budget is spent. Everything done so far is kept; continue with a larger budget: atelier resume ${id} --budget MORE`);
    expect(run).toMatchObject({ status: 'stopped', error: result.outcome.error });
    const last = events.at(-1)!;
    expect(last.type).toBe('run.stopped');
    expect(last.payload).toMatchObject({ reason: 'budget', message: result.outcome.error, resume: `atelier resume ${id} --budget MORE` });
    expect(events.some((e) => e.type === 'run.failed')).toBe(false);
    // Reduced isolation is announced at the start of the run, before any stage.
    expect(events.slice(0, 2).map((e) => [e.type, e.payload.warning ?? null])).toEqual([
      ['run.started', null],
      ['sandbox.warning', plainSandbox.warning],
    ]);
    // What was done is kept; the stage that could not call its model is resumable.
    expect(stages.filter((s) => s.status === 'done').map((s) => s.stageId)).toEqual(['write_prd', 'design_system']);
    expect(stages.find((s) => s.stageId === 'design_api')?.status).toBe('failed');
  });

  it('stops when the budget runs out inside a task of the fan-out, keeping the llm layer’s own resume advice', async () => {
    const advice = (runId: string) => `budget reached: $1.00 of the $1.00 budget is spent; continue with a larger budget: atelier resume ${runId} --budget 2.00`;
    const { result, run } = await runUntil('T2', (runId) => new FakeBudgetError(advice(runId)));
    expect(result.outcome).toEqual({ status: 'stopped', error: advice(result.run.id) });
    expect(run?.status).toBe('stopped');
  });

  it('still fails on any other error, after retrying the stage `retries` times (2 by default)', async () => {
    const { result, run, events } = await runUntil('api_spec', () => new Error('the provider answered 401'));
    expect(result.outcome.status).toBe('failed');
    expect(run?.status).toBe('failed');
    expect(events.at(-1)?.type).toBe('run.failed');
    expect(events.filter((e) => e.type === 'stage.retry').map((e) => [e.stageId, e.payload.attempt, e.payload.retries])).toEqual([
      ['design_api', 2, 2],
      ['design_api', 3, 2],
    ]);
    expect(events.filter((e) => e.type === 'stage.failed')).toHaveLength(1);
  });
});

describe('stage retries', () => {
  it('runs a stage again after a failure that may pass, and never after a budget stop', async () => {
    const { events, stages } = await runUntil('api_spec', (runId, time) => (time === 1 ? new Error('socket hang up') : time === 2 ? undefined : new FakeBudgetError(`budget reached; atelier resume ${runId} --budget MORE`)));
    expect(events.filter((e) => e.type === 'stage.retry' && e.stageId === 'design_api').map((e) => [e.payload.attempt, e.payload.error])).toEqual([[2, 'socket hang up']]);
    expect(stages.find((s) => s.stageId === 'design_api')?.status).toBe('done');
    const budget = await runUntil('T1', (runId) => new FakeBudgetError(`budget reached; atelier resume ${runId} --budget MORE`));
    expect(budget.result.outcome.status).toBe('stopped');
    expect(budget.events.filter((e) => e.type === 'stage.retry')).toEqual([]);
  });

  it('stores the error of a failed run and stage without the secrets in it', async () => {
    const { run, stages } = await runUntil('api_spec', () => new Error('the provider said: invalid key sk-abcdefghijklmnopqrstuvwxyz123456'));
    expect(run?.error).not.toContain('sk-abcdefghijklmnopqrstuvwxyz123456');
    expect(stages.find((s) => s.stageId === 'design_api')?.error).not.toContain('sk-abcdefghijklmnopqrstuvwxyz123456');
  });
});
