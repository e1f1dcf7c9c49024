import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LlmClient, StructuredRequest, StructuredResult } from '../llm/index.js';
import { openSqliteStore, projectStoreFile } from '../store/index.js';
import { scenarioRequestName, TODO_CLI_IDEA, todoCliResponder } from '../../test/support/scenarios/todo-cli.js';
import type { FakeChatRequest } from '../../test/support/fake-llm-types.js';
import { BUILT_IN_BEHAVIOURS, type StageBehaviour } from './stage-behaviours.js';
import { resumeRun, startRun } from './start-run.js';

/** Answers like the todo-cli scenario; the request named `refuse` fails for good. */
function scriptedLlm(asked: string[], refuse?: string): LlmClient {
  const responder = todoCliResponder();
  return {
    async generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
      const req: FakeChatRequest = { api: 'openai', model: 'm', system: request.system, messages: request.messages, stream: false, headers: {}, body: {}, bodyHash: '', index: 0 };
      const name = scenarioRequestName(req) ?? 'unknown';
      asked.push(name);
      if (name === refuse) throw Object.assign(new Error('the model refused'), { name: 'ModelConfigError' });
      const reply = await responder(req);
      if (reply.kind !== 'text') throw new Error(`no scripted answer: ${JSON.stringify(reply)}`);
      const answer = JSON.parse(reply.content) as Record<string, unknown>;
      // A real model paraphrases the user's idea.
      if (name === 'prd') answer.original_requirements = 'A todo tool, roughly.';
      return { value: request.schema.parse(answer), usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 }, attempts: 1, provider: 'fake', model: 'm' };
    },
    describe: () => ({ provider: 'fake', model: 'm' }),
  };
}

/** The document behaviour, except that `stageId` waits for a person. */
function parking(stageId: string): Record<string, StageBehaviour> {
  return { document: (ctx, services, plan) => (ctx.stage.id === stageId ? Promise.resolve({ parked: 'waiting for an approval' }) : BUILT_IN_BEHAVIOURS.document!(ctx, services, plan)) };
}

describe('a parked stage', () => {
  it('parks the run without failing it: other stages finish, dependents wait, and resume continues from there', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'atelier-park-'));
    const env = { HOME: cwd, XDG_CONFIG_HOME: join(cwd, '.config') };
    const asked: string[] = [];
    const started = await startRun(
      { idea: TODO_CLI_IDEA, workflow: 'standard', cwd, projectDir: 'todo', concurrency: 2, model: null, env },
      { createLlm: () => scriptedLlm(asked), behaviours: parking('design_api') },
    );
    expect(started.outcome).toEqual({ status: 'parked', error: 'design_api: waiting for an approval' });
    const store = await openSqliteStore(projectStoreFile(started.projectDir));
    try {
      expect((await store.getRun(started.run.id))?.status).toBe('parked');
      const types = (await store.listEvents(started.run.id)).map((event) => `${event.type}${event.stageId ? ` ${event.stageId}` : ''}`);
      expect(types).toContain('stage.finished design_system');
      expect(types).toContain('stage.parked design_api');
      expect(types).not.toContain('stage.started plan_tasks');
      expect(types.at(-1)).toBe('run.parked');
      // The PRD keeps the user's own words, whatever the model made of them.
      const prd = (await store.listDocuments(started.run.id)).find((doc) => doc.name === 'prd');
      expect((prd?.content as { original_requirements: string }).original_requirements).toBe(TODO_CLI_IDEA);
    } finally {
      await store.close();
    }

    // The approval came: the stage runs now; the finished ones are not asked again.
    const before = asked.length;
    const resumed = await resumeRun({ runId: started.run.id, cwd, projectDir: 'todo', env }, { createLlm: () => scriptedLlm(asked, 'task_plan') });
    expect(resumed.outcome.status).toBe('failed');
    expect(asked.slice(before)).not.toContain('prd');
    expect(asked.slice(before)).toContain('api_spec');
  });
});
