import * as z from 'zod';
import type { EventType } from './event-types.js';

/*
 * The payload of every event type, declared once. Emitting checks a payload against its type at
 * compile time; reading (the fold of events into run state) parses each payload with its schema,
 * so an event written by an older version, or damaged, is skipped instead of misread. Objects are
 * loose: a payload may carry more than its schema names (an older reader ignores new fields).
 */

const usage = z.object({ inputTokens: z.number(), outputTokens: z.number(), cachedInputTokens: z.number().optional() });
const strings = z.array(z.string());
// A plain decimal: a crafted exponent (1e999999999) would stall the exact sum that reads it.
const usd = z.string().regex(/^\d{1,12}(\.\d{1,24})?$/);

const runStarted = z.looseObject({ idea: z.string(), workflow: z.string(), project: z.string(), concurrency: z.number(), provider: z.string(), model: z.string() });
const callFields = { model: z.string() };

export const EVENT_PAYLOADS = {
  'run.started': runStarted,
  'run.resumed': runStarted,
  'run.finished': z.looseObject({
    status: z.literal('succeeded'),
    documents: strings,
    tests: z.looseObject({ status: z.string().optional(), testsPass: z.boolean().optional(), fixRounds: z.number(), summary: z.string().optional() }).optional(),
  }),
  'run.failed': z.looseObject({ error: z.string(), resume: z.string() }),
  'run.stopped': z.looseObject({ reason: z.string(), message: z.string(), resume: z.string() }),
  'run.parked': z.looseObject({ stages: strings, reasons: strings }),
  'stage.started': z.looseObject({ role: z.string(), roleName: z.string(), behaviour: z.string(), output: z.string(), model: z.string() }),
  'stage.finished': z.looseObject({ document: z.string(), version: z.number(), path: z.string() }),
  'stage.failed': z.looseObject({ error: z.string() }),
  'stage.retry': z.looseObject({ attempt: z.number(), retries: z.number(), error: z.string() }),
  'stage.parked': z.looseObject({ reason: z.string() }),
  'approval.requested': z.looseObject({ documentId: z.string(), name: z.string(), version: z.number() }),
  /** `editedFrom`: the person approved their own edit of that document, stored as `documentId`. */
  'approval.granted': z.looseObject({ documentId: z.string(), version: z.number(), by: z.string(), comment: z.string().optional(), editedFrom: z.string().optional() }),
  'approval.rejected': z.looseObject({ documentId: z.string(), version: z.number(), by: z.string(), feedback: z.string() }),
  'questions.asked': z.looseObject({ documentId: z.string(), name: z.string(), version: z.number(), questions: strings }),
  'questions.answered': z.looseObject({ documentId: z.string(), answers: z.array(z.string().nullable()), by: z.string() }),
  'message.sent': z.looseObject({
    from: z.string(),
    fromName: z.string(),
    to: z.string(),
    toStage: z.string(),
    document: z.string(),
    documentId: z.string(),
    version: z.number(),
    content: z.string(),
    round: z.number().int().min(1),
    /** The document has an approval point: the note is kept for the person, and its role does not revise it. */
    forPerson: z.boolean().optional(),
  }),
  'task.started': z.looseObject({ title: z.string(), files: strings, attempt: z.number(), role: z.string().optional(), roleName: z.string().optional() }),
  'task.finished': z.looseObject({ title: z.string(), files: strings, refused: strings, tokens: usage, review: z.string().optional(), reviewRounds: z.number().optional() }),
  'task.failed': z.looseObject({ title: z.string(), error: z.string() }),
  'task.implemented': z.looseObject({ files: strings, refused: strings, notes: z.string(), commit: z.string().nullable(), tokens: usage }),
  'task.revised': z.looseObject({ round: z.number(), files: strings, commit: z.string().nullable() }),
  'task.reviewed': z.looseObject({ verdict: z.string(), round: z.number(), comments: z.number(), blocking: z.number(), document: z.string(), documentId: z.string(), path: z.string(), reviewer: z.string() }),
  'llm.call.started': z.looseObject({ ...callFields, provider: z.string().optional(), attempt: z.number() }),
  'llm.call.finished': z.looseObject({
    ...callFields,
    provider: z.string(),
    source: z.enum(['live', 'replay', 'cache']),
    usage,
    latencyMs: z.number(),
    requestHash: z.string(),
    costUsd: usd.nullable().optional(),
    costSource: z.string().optional(),
  }),
  // `usage` and `costUsd`: what the provider billed for an attempt that broke after its usage arrived.
  'llm.call.failed': z.looseObject({ ...callFields, error: z.string(), willRetry: z.boolean(), statusCode: z.number().optional(), failure: z.string().optional(), usage: usage.optional(), costUsd: usd.nullable().optional() }),
  'llm.repair': z.looseObject({ ...callFields, problems: strings, attempt: z.number() }),
  'llm.model.selected': z.looseObject({ task: z.string(), primary: z.string(), backups: strings, reasons: strings, insteadOf: z.looseObject({ model: z.string(), reason: z.string() }).optional() }),
  'llm.retry': z.looseObject({ ...callFields, attempt: z.number(), delayMs: z.number(), reason: z.string() }),
  'llm.fallback': z.looseObject({ from: z.string(), to: z.string(), reason: z.string() }),
  'llm.rate_limited': z.looseObject({ ...callFields, waitedMs: z.number(), limit: z.string() }),
  'llm.budget.exceeded': z.looseObject({ spentUsd: z.string(), limitUsd: z.string(), neededUsd: z.string() }),
  'llm.budget.unpriced': z.looseObject({ ...callFields, warning: z.string() }),
  'document.saved': z.looseObject({ id: z.string(), name: z.string(), kind: z.string(), version: z.number(), path: z.string() }),
  'prompt.packed': z.looseObject({
    label: z.string(),
    budgetTokens: z.number(),
    dropped: z.array(z.looseObject({ heading: z.string(), chars: z.number() })),
    cut: z.array(z.looseObject({ heading: z.string(), chars: z.number() })),
    summary: z.string(),
  }),
  'file.written': z.looseObject({ path: z.string(), bytes: z.number(), created: z.boolean(), sha256: z.string().optional() }),
  'file.refused': z.looseObject({ path: z.string(), reason: z.string(), message: z.string() }),
  'git.commit': z.looseObject({ sha: z.string(), message: z.string(), author: z.string(), files: strings }),
  'version.tagged': z.looseObject({ tag: z.string(), version: z.number(), sha: z.string() }),
  'branch.merged': z.looseObject({ branch: z.string(), into: z.string(), sha: z.string() }),
  'branch.kept': z.looseObject({ branch: z.string(), reason: z.string() }),
  'rollback.done': z.looseObject({ tag: z.string(), version: z.number(), sha: z.string(), documents: z.array(z.looseObject({ name: z.string(), version: z.number(), from: z.number() })) }),
  'change.sorted': z.looseObject({ kind: z.string(), summary: z.string(), reason: z.string() }),
  'test.result': z.looseObject({
    command: z.string(),
    exitCode: z.number().nullable(),
    status: z.string(),
    testsPass: z.boolean(),
    failing: strings,
    round: z.number(),
    timedOut: z.boolean(),
    driver: z.string(),
  }),
  'sandbox.warning': z.looseObject({ driver: z.string(), warning: z.string() }),
  'run.warning': z.looseObject({ warning: z.string() }),
  'pipeline.step': z.looseObject({ step: z.string(), command: z.string(), outcome: z.string(), exitCode: z.number().nullable(), durationMs: z.number(), note: z.string().nullable() }),
  'qa.tests.written': z.looseObject({ files: strings, cases: z.number(), refused: strings }),
  'fix.round.started': z.looseObject({ round: z.number(), maxRounds: z.number(), failing: strings, suspects: z.array(z.unknown()) }),
  'fix.round.finished': z.looseObject({
    round: z.number().int().min(1),
    outcome: z.enum(['passing', 'still_failing', 'repeated', 'rejected']),
    failing: z.array(z.string().min(1)),
    files: z.array(z.string().min(1)),
    cause: z.string(),
    commit: z.string().min(1).nullable().optional(),
    failure: z.string().optional(),
    /** What the round's fix did, in a line (absent for rounds that changed nothing). */
    result: z.string().optional(),
    /** The fix's signature, so the same fix is not tried twice for the same failure. */
    attempt: z.string().optional(),
  }),
} satisfies Record<EventType, z.ZodType>;

/** The payload an event of type T carries (what emitting it must supply). */
export type EventPayload<T extends EventType> = z.input<(typeof EVENT_PAYLOADS)[T]>;

/** A stored event whose payload has been checked against its type's schema. */
export type TypedEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; seq: number; at: string; runId: string; stageId: string | null; taskId: string | null; payload: z.output<(typeof EVENT_PAYLOADS)[K]> };
}[T];

/** The event with its payload checked, or undefined for an unknown type or a payload that does not fit. */
export function readEvent(event: { type: string; seq: number; at: string; runId: string; stageId: string | null; taskId: string | null; payload: unknown }): TypedEvent | undefined {
  const schema = (EVENT_PAYLOADS as Record<string, z.ZodType>)[event.type];
  if (!schema) return undefined;
  const parsed = schema.safeParse(event.payload);
  return parsed.success ? ({ ...event, payload: parsed.data } as TypedEvent) : undefined;
}
