import type { CodeChange, DocumentContentMap, Review, TestSuite } from '../../../src/documents/index.js';
import type { FakeChatRequest, FakeReply, FakeResponder, FakeUsage } from '../fake-llm-types.js';
import { estimateTokens } from '../fake-usage.js';

/** The documents the model writes in the standard workflow; source_code and test_report are made by code. */
export type ScenarioDocumentName = 'prd' | 'system_design' | 'api_spec' | 'task_plan' | 'review' | 'deployment_guide' | 'user_docs';

/**
 * A scripted project: every answer a model gives in the standard workflow for one idea, coherent
 * with each other (the plan's files are the tasks' files, the reviews point at real lines).
 */
export interface ScriptedScenario {
  /** A short name: the demo's name and the project folder the tests use. */
  name: string;
  idea: string;
  documents: { [K in ScenarioDocumentName]: DocumentContentMap[K] };
  /** The engineers' answers, by task id. */
  tasks: Record<string, CodeChange>;
  /** The code reviewer's verdict on each task, by task id. */
  taskReviews: Record<string, Review>;
  /** QA's acceptance tests. */
  testSuite: TestSuite;
}

/**
 * Replaces the scenario's answer for one request name, e.g. `{ T1: () => badPathReply }`: a
 * document name (`prd`, `review_T2`, `test_plan`), a task id (`T2`), a revision after review
 * (`T2:rework`) or a fix round (`fix:1`).
 */
export type ScenarioOverride = (req: FakeChatRequest) => FakeReply | Promise<FakeReply>;

// Written by composePrompt's answer line (src/roles/build-prompt.ts), implementTask (src/roles/engineer-role.ts),
// reviewTask (src/roles/review-role.ts) and proposeFix (src/roles/fix-role.ts).
const DOCUMENT_MARKER = /Your answer is the document "([^"]+)"/;
const TASK_MARKER = /^# Your task: (T[0-9]+) — /m;
const REWORK_MARKER = /^# Code review of your change \(round \d+\)/m;
const FIX_MARKER = /^# Fix round (\d+) of \d+/m;
const REVIEW_ROUND_MARKER = /^# Your task: review round (\d+) of task/m;
const CODE_CHANGE = 'code_change';
const CODE_FIX = 'code_fix';

/** The user turn that asks (the last one before any answer): the role, the task and the answer line are in it. */
function firstUserMessage(req: Pick<FakeChatRequest, 'messages'>): string {
  const firstAnswer = req.messages.findIndex((message) => message.role === 'assistant');
  const asked = firstAnswer === -1 ? req.messages : req.messages.slice(0, firstAnswer);
  return asked.filter((message) => message.role === 'user').at(-1)?.content ?? '';
}

/** The document a request asks for, from the answer line of its asking turn (or, in older prompts, its system prompt). */
function documentName(req: Pick<FakeChatRequest, 'system' | 'messages'>): string | undefined {
  const asked = [...firstUserMessage(req).matchAll(new RegExp(DOCUMENT_MARKER.source, 'g'))].at(-1)?.[1];
  return asked ?? DOCUMENT_MARKER.exec(req.system)?.[1];
}

/**
 * What a request asks for: the document name from the answer line of its asking turn; for an engineer's
 * `code_change` the task id from its user message (`T2`, or `T2:rework` for a revision after a
 * review); for a `code_fix` the round (`fix:1`). Repairs repeat the first message, so they are
 * recognised as the same request.
 */
export function scenarioRequestName(req: Pick<FakeChatRequest, 'system' | 'messages'>): string | undefined {
  const name = documentName(req);
  const first = firstUserMessage(req);
  if (name === CODE_FIX) {
    const round = FIX_MARKER.exec(first)?.[1];
    return round === undefined ? undefined : `fix:${round}`;
  }
  if (name !== CODE_CHANGE) return name;
  const taskId = TASK_MARKER.exec(first)?.[1];
  if (taskId === undefined) return undefined;
  return REWORK_MARKER.test(first) ? `${taskId}:rework` : taskId;
}

/** The review round a per-task review request is for (1 for the first review of a task). */
export function scenarioReviewRound(req: Pick<FakeChatRequest, 'messages'>): number {
  return Number(REVIEW_ROUND_MARKER.exec(firstUserMessage(req))?.[1] ?? 1);
}

/** The scenario's answer for a request name, or undefined when it has none. */
export function scenarioAnswer(scenario: ScriptedScenario, name: string): unknown {
  if (Object.hasOwn(scenario.documents, name)) return scenario.documents[name as ScenarioDocumentName];
  if (name === 'test_plan') return scenario.testSuite;
  const review = /^review_(T\d+)$/.exec(name)?.[1];
  if (review !== undefined) return scenario.taskReviews[review];
  return Object.hasOwn(scenario.tasks, name) ? scenario.tasks[name] : undefined;
}

/** A scripted text answer with provider-like usage: what every scenario replies with. */
export function scenarioReply(req: FakeChatRequest, answer: unknown): FakeReply {
  const content = JSON.stringify(answer);
  return { kind: 'text', content, usage: scenarioUsage(req, content) };
}

/** An override that answers with `answer`, whatever was asked. */
export function replyWith(answer: unknown): ScenarioOverride {
  return (req) => scenarioReply(req, answer);
}

/**
 * Token counts like a provider would report: the prompt includes the JSON schema sent along, a
 * few tokens of chat template per message, and JSON or code output packs about 3.5 characters a token.
 */
export function scenarioUsage(req: FakeChatRequest, content: string): FakeUsage {
  const schema = JSON.stringify(req.responseFormat ?? req.tools ?? '');
  const prompt = req.system + req.messages.map((message) => message.content).join('') + schema;
  return { inputTokens: estimateTokens(prompt) + 4 * (req.messages.length + 1), outputTokens: Math.ceil(content.length / 3.5) };
}

/** What the scenario saw, for the error that tells a test author which answer is missing. */
function describeUnanswered(req: FakeChatRequest, name: string | undefined): string {
  const where = `(request #${req.index}, model ${req.model})`;
  if (name !== undefined) {
    if (/^T[0-9]+(:rework)?$/.test(name)) return `task ${name} (code_change) ${where}`;
    if (name.startsWith('fix:')) return `fix round ${name.slice(4)} (code_fix) ${where}`;
    return `document "${name}" ${where}`;
  }
  if (documentName(req) === CODE_CHANGE) {
    return `a code_change request without a "# Your task: T<n> — <title>" line ${where}`;
  }
  if (documentName(req) === CODE_FIX) {
    return `a code_fix request without a "# Fix round <n> of <m>" line ${where}`;
  }
  return `a request without a 'Your answer is the document "<name>"' marker; its asking turn starts ${JSON.stringify(firstUserMessage(req).slice(0, 80))} ${where}`;
}

/** A 400 in the wire's own error shape, so the provider surfaces the message instead of a parse failure. */
function unanswered(req: FakeChatRequest, what: string): FakeReply {
  const message = `scenario has no answer for ${what}`;
  const body =
    req.api === 'anthropic' ? { type: 'error', error: { type: 'invalid_request_error', message } } : { error: { message } };
  return { kind: 'error', status: 400, body };
}

/**
 * The scripted model for a scenario: answers each document, each engineer task, each per-task
 * review and QA's acceptance tests of the standard workflow with the scenario's answer, in
 * whatever order the engine asks. It has no revision or fix to give: its code passes; variants
 * that break it bring their own answers as `overrides`.
 */
export function scenarioResponder(scenario: ScriptedScenario, overrides: Partial<Record<string, ScenarioOverride>> = {}): FakeResponder {
  return (req) => {
    const name = scenarioRequestName(req);
    const override = name === undefined ? undefined : overrides[name];
    if (override) return override(req);
    const answer = name === undefined ? undefined : scenarioAnswer(scenario, name);
    if (answer === undefined) return unanswered(req, describeUnanswered(req, name));
    return scenarioReply(req, answer);
  };
}
