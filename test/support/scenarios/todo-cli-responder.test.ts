import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocumentMarkdown, type DocumentKind } from '../../../src/documents/index.js';
import type { RunEvents } from '../../../src/engine/events.js';
import { planRun } from '../../../src/engine/plan-run.js';
import type { PlannedStage, RunPlan } from '../../../src/engine/run-plan.js';
import type { LlmClient, StructuredRequest, StructuredResult } from '../../../src/llm/types.js';
import { writeDocument } from '../../../src/roles/document-role.js';
import { implementTask } from '../../../src/roles/engineer-role.js';
import { writeAcceptanceTests } from '../../../src/roles/qa-tests.js';
import { reviewTask } from '../../../src/roles/review-role.js';
import type { InputDocument, StageContext } from '../../../src/roles/stage-context.js';
import type { Workspace } from '../../../src/workspace/workspace.js';
import { startFakeLlmServer } from '../fake-llm-server.js';
import type { FakeChatRequest, FakeReply } from '../fake-llm-types.js';
import { scenarioRequestName, scenarioReviewRound, TODO_CLI_IDEA, todoCliDocuments, todoCliResponder, todoCliTaskReviews, todoCliTasks, todoCliTestSuite } from './todo-cli.js';

function chatRequest(system: string, messages: FakeChatRequest['messages']): FakeChatRequest {
  return { api: 'openai', model: 'scenario-model', system, messages, stream: false, headers: {}, body: {}, bodyHash: '', index: 0 };
}

/** An LlmClient that sends each structured request, as the provider would see it, to the scenario's responder. */
function responderLlm(seen: FakeChatRequest[]): LlmClient {
  const responder = todoCliResponder();
  return {
    async generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
      const req = { ...chatRequest(request.system, request.messages), index: seen.length };
      seen.push(req);
      const reply = await responder(req);
      if (reply.kind !== 'text') throw new Error(`the scenario answered ${JSON.stringify(reply)}`);
      const value = request.schema.parse(JSON.parse(reply.content));
      expect(request.check?.(value) ?? []).toEqual([]);
      const usage = { inputTokens: reply.usage?.inputTokens ?? 0, outputTokens: reply.usage?.outputTokens ?? 0, cachedInputTokens: 0 };
      return { value, usage, attempts: 1, provider: 'fake', model: req.model };
    },
    describe: () => ({ provider: 'fake', model: 'scenario-model' }),
  };
}

function inputDocument(name: string): InputDocument {
  const content = todoCliDocuments[name as keyof typeof todoCliDocuments];
  const kind = name as DocumentKind;
  const meta = { version: 1, authorRole: 'scenario', status: 'approved', lineage: [], createdAt: '2025-01-01T00:00:00.000Z' };
  return { id: `doc-${name}`, name, kind, version: 1, authorRole: 'scenario', content, markdown: renderDocumentMarkdown({ kind, name, content, meta }) };
}

/** A stage context with only what the role behaviours use; the engine's services are not needed to build prompts. */
function stageContext(plan: RunPlan, stage: PlannedStage, llm: LlmClient, files: Map<string, string>): StageContext {
  const workspace: Pick<Workspace, 'root' | 'readFile' | 'listFiles' | 'writeFile'> = {
    root: '/scenario',
    readFile: async (path) => files.get(path),
    listFiles: async () => [...files.keys()].sort(),
    writeFile: async (path, content) => {
      const created = !files.has(path);
      files.set(path, String(content));
      return { path: `/scenario/${path}`, bytes: Buffer.byteLength(String(content)), created };
    },
  };
  const events: Pick<RunEvents, 'emit'> = { emit: async () => ({}) as Awaited<ReturnType<RunEvents['emit']>> };
  return {
    runId: 'run-scenario',
    projectId: 'todo_cli',
    idea: TODO_CLI_IDEA,
    projectName: 'todo_cli',
    stage,
    role: plan.roles[stage.roleId]!,
    inputs: stage.inputs.filter((name) => name in todoCliDocuments).map(inputDocument),
    llm,
    workspace: workspace as Workspace,
    events: events as RunEvents,
    sandbox: () => Promise.reject(new Error('no stage of this test runs code')),
  };
}

/** The standard workflow compiled with the built-in roles, as `atelier run` would plan it. */
async function standardPlan(): Promise<RunPlan> {
  const home = mkdtempSync(join(tmpdir(), 'atelier-scenario-home-'));
  try {
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    return (await planRun({ idea: TODO_CLI_IDEA, workflow: 'standard', cwd: home, concurrency: 1, model: null, env })).plan;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function stageOf(plan: RunPlan, behaviour: PlannedStage['behaviour']): PlannedStage[] {
  return plan.workflow.stages.filter((stage) => stage.behaviour === behaviour);
}

describe('todoCliResponder recognises the prompts the role behaviours build', () => {
  it('answers every document stage of the standard workflow with its document', async () => {
    const seen: FakeChatRequest[] = [];
    const plan = await standardPlan();
    const stages = stageOf(plan, 'document');
    expect(stages.map((stage) => stage.output)).toEqual(Object.keys(todoCliDocuments));
    for (const stage of stages) {
      const result = await writeDocument(stageContext(plan, stage, responderLlm(seen), new Map()));
      expect(scenarioRequestName(seen.at(-1)!)).toBe(stage.output);
      expect(result.value).toEqual(todoCliDocuments[stage.output as keyof typeof todoCliDocuments]);
      expect(result.usage.outputTokens).toBeGreaterThan(100);
      expect(result.usage.inputTokens).toBeGreaterThan(Math.ceil(seen.at(-1)!.system.length / 4));
    }
  });

  it('answers each engineer task with its files, and the tasks together write the whole project', async () => {
    const seen: FakeChatRequest[] = [];
    const runPlan = await standardPlan();
    const [implement] = stageOf(runPlan, 'engineer');
    const files = new Map<string, string>();
    const ctx = stageContext(runPlan, implement!, responderLlm(seen), files);
    const plan = todoCliDocuments.task_plan;
    for (const task of plan.tasks) {
      const outcome = await implementTask(ctx, plan, task);
      expect(scenarioRequestName(seen.at(-1)!)).toBe(task.id);
      expect(outcome.refused).toEqual([]);
      expect(outcome.written.map((file) => file.path)).toEqual(task.files);
    }
    expect([...files.keys()].sort()).toEqual([...todoCliDocuments.system_design.file_list].sort());
    // T3 depends on T2: its prompt carries the store it must import from, as the interface it exports.
    const t3 = seen.at(-1)!.messages.map((message) => message.content).join('\n\n');
    expect(t3).toContain('File src/todo-store.js: outline only');
    expect(t3).toContain('export function createTodoStore(');
    expect(t3).not.toContain('File test/todo-store.test.js\n');

    // The code reviewer reviews each task's change as it is done.
    for (const task of plan.tasks) {
      const result = await reviewTask({ ctx, reviewer: runPlan.roles.code_reviewer!, task, round: 1, changed: task.files, context: [] });
      expect(scenarioRequestName(seen.at(-1)!)).toBe(`review_${task.id}`);
      expect(scenarioReviewRound(seen.at(-1)!)).toBe(1);
      expect(result.value).toEqual(todoCliTaskReviews[task.id]);
    }

    // QA writes its acceptance tests from the PRD, the design and the files.
    const [test] = stageOf(runPlan, 'qa');
    const qa = stageContext(runPlan, test!, responderLlm(seen), files);
    const written = await writeAcceptanceTests(qa, { testCommand: 'node --test', engineerFiles: [...todoCliDocuments.system_design.file_list] });
    expect(scenarioRequestName(seen.at(-1)!)).toBe('test_plan');
    expect(written.written.map((file) => file.path)).toEqual(['test/acceptance.test.js']);
    expect(written.suite).toEqual(todoCliTestSuite);
  });
});

describe('todoCliResponder', () => {
  const engineerSystem = 'You are an engineer.\n\nYour answer is the document "code_change" (Source Code).';
  const taskMessage = (id: string) => `# The user's idea\n\n${TODO_CLI_IDEA}\n\n# Your task: ${id} — Do it\n\nFiles this task owns: \`x.js\``;

  it('names revisions after a review and fix rounds apart from the task itself', () => {
    const rework = chatRequest(engineerSystem, [{ role: 'user', content: `${taskMessage('T2')}\n\n# Code review of your change (round 1): changes requested` }]);
    expect(scenarioRequestName(rework)).toBe('T2:rework');
    const fixSystem = 'You are an engineer.\n\nYour answer is the document "code_fix" (Code fix).';
    expect(scenarioRequestName(chatRequest(fixSystem, [{ role: 'user', content: '# What failed\n\n# Fix round 2 of 3\n\nFind the root cause' }]))).toBe('fix:2');
    const reply = todoCliResponder()(chatRequest(fixSystem, [{ role: 'user', content: '# Fix round 1 of 3' }])) as Extract<FakeReply, { kind: 'error' }>;
    expect(JSON.stringify(reply.body)).toContain('scenario has no answer for fix round 1 (code_fix)');
  });

  it('recognises a repair, which repeats the task message before the problems', () => {
    const req = chatRequest(engineerSystem, [
      { role: 'user', content: taskMessage('T2') },
      { role: 'assistant', content: '{"files":[]}' },
      { role: 'user', content: 'Your answer had problems:\n- files: a code change writes at least one file' },
    ]);
    expect(scenarioRequestName(req)).toBe('T2');
    expect(todoCliResponder()(req)).toMatchObject({ kind: 'text', content: JSON.stringify(todoCliTasks['T2']) });
  });

  it.each([
    ['a document it has no answer for', chatRequest('Your answer is the document "test_report" (Test Report).', []), 'document "test_report"'],
    ['a task outside the plan', chatRequest(engineerSystem, [{ role: 'user', content: taskMessage('T9') }]), 'task T9 (code_change)'],
    ['a code change without a task line', chatRequest(engineerSystem, [{ role: 'user', content: 'write code' }]), 'without a "# Your task'],
    ['a request without a marker', chatRequest('You are a poet.', [{ role: 'user', content: 'hi' }]), 'asking turn starts "hi"'],
  ])('fails %s with a 400 naming what it saw', (_label, req, named) => {
    const reply = todoCliResponder()(req) as Extract<FakeReply, { kind: 'error' }>;
    expect(reply).toMatchObject({ kind: 'error', status: 400 });
    expect(JSON.stringify(reply.body)).toContain('scenario has no answer for');
    expect(JSON.stringify(reply.body)).toContain(JSON.stringify(named).slice(1, -1));
  });

  it('lets a test replace one answer and keeps the others', () => {
    const escape: FakeReply = { kind: 'text', content: JSON.stringify({ files: [{ path: '../../etc/x', content: 'pwned\n' }], notes: '' }) };
    const responder = todoCliResponder({ T1: () => escape });
    expect(responder(chatRequest(engineerSystem, [{ role: 'user', content: taskMessage('T1') }]))).toBe(escape);
    expect(responder(chatRequest(engineerSystem, [{ role: 'user', content: taskMessage('T3') }]))).toMatchObject({
      content: JSON.stringify(todoCliTasks['T3']),
    });
  });

  it('speaks both wires through the fake server: answers parse, misses surface as the provider’s error', async () => {
    const server = await startFakeLlmServer({ responder: todoCliResponder() });
    try {
      const openai = createOpenAICompatible({ name: 'fake', baseURL: server.url, apiKey: 'k' }).chatModel('m');
      const prdSystem = 'You are the product manager.\n\nYour answer is the document "prd" (Product Requirements Document).';
      const answer = await generateText({ model: openai, system: prdSystem, prompt: TODO_CLI_IDEA, maxRetries: 0 });
      expect(JSON.parse(answer.text)).toEqual(todoCliDocuments.prd);
      expect(answer.usage.outputTokens).toBe(Math.ceil(answer.text.length / 3.5));
      await expect(generateText({ model: openai, system: 'You are a poet.', prompt: 'hi', maxRetries: 0 })).rejects.toThrow(
        /scenario has no answer for a request without/,
      );
      const anthropic = createAnthropic({ baseURL: `${server.origin}/v1`, apiKey: 'k' })('claude-sonnet-4-5');
      await expect(generateText({ model: anthropic, system: 'You are a poet.', prompt: 'hi', maxRetries: 0 })).rejects.toThrow(
        /scenario has no answer for a request without/,
      );
    } finally {
      await server.close();
    }
  });
});
