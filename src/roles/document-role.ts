import * as z from 'zod';
import { documentSchema, documentTitle } from '../documents/index.js';
import type { StructuredResult } from '../llm/index.js';
import { composePrompt, PROSE, referenceFile } from './build-prompt.js';
import type { ContextPart } from './pack-context.js';
import { fenced, isTestPath } from './project-files.js';
import { roleOutputProblems } from './role-checks.js';
import { isLockfile } from '../workspace/lockfiles.js';
import { sha256 } from './write-change.js';
import { type StageContext, callContext, reportPacking } from './stage-context.js';

/** A JSON-schema name must be `[a-zA-Z0-9_-]+` for OpenAI-compatible servers. */
export function schemaNameFor(output: string): string {
  return output.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'document';
}

/**
 * The modules a file imports, as written: ES `from '…'`, `import '…'` and `import('…')`,
 * CommonJS `require('…')`, Python `from x.y import` and `import x.y`. One linear pass over the
 * text (no nested quantifiers), whatever a hostile file holds.
 */
const JS_SPECIFIER = /\b(?:from|import|require)\s*(?:\(\s*)?(['"`])([^'"`\n]{1,300})\1/g;
const PY_IMPORT = /^[ \t]*(?:from[ \t]+([\w.]{1,300})[ \t]+import\b|import[ \t]+([\w.]{1,300}))/gm;

function importedModules(content: string): string[] {
  const modules: string[] = [];
  for (const match of content.matchAll(JS_SPECIFIER)) modules.push(match[2]!);
  for (const match of content.matchAll(PY_IMPORT)) modules.push(match[1] ?? match[2]!);
  return modules;
}

/** The names a file is imported by: `src/todo-store.js` → `todo-store`; `src/lib/index.js` → `index` and `lib`. */
export function moduleNames(path: string): string[] {
  const parts = path.split('/');
  const base = parts.at(-1)!;
  const dot = base.indexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const folder = parts.at(-2);
  return (stem === 'index' || stem === '__init__') && folder !== undefined ? [stem, folder] : [stem];
}

/** Whether a file imports another code file of the project (by its module name): it holds call sites into it. */
export function importsProjectFile(content: string, otherNames: ReadonlySet<string>): boolean {
  return importedModules(content).some((specifier) => specifier.split(/[/.]/).some((segment) => otherNames.has(segment)));
}

interface IndexedFile {
  path: string;
  /** The engineers' stage approved the task that wrote it (in that stage's own index). */
  approved: boolean;
  sha256?: string;
}

/**
 * A review of the whole code base judges what per-task reviews could not see: integration. It
 * reads the files that import other project files whole (the call sites), and a file its task's
 * review approved, byte for byte unchanged since (its SHA-256 in the index) and importing nothing
 * of the project, as the interface it offers (long ones as their outline); the tests as the cases
 * they cover (QA runs them).
 */
async function codeUnderReview(ctx: StageContext): Promise<ContextPart[]> {
  if (ctx.stage.kind !== 'review') return [];
  const indexed: IndexedFile[] = [];
  for (const input of ctx.inputs.filter((i) => i.kind === 'source_code')) {
    const content = input.content as { files?: { path?: unknown; task_id?: unknown; sha256?: unknown }[]; reviews?: { task_id?: unknown; verdict?: unknown }[] };
    const approved = new Set((content.reviews ?? []).flatMap((review) => (review.verdict === 'approve' && typeof review.task_id === 'string' ? [review.task_id] : [])));
    for (const file of content.files ?? []) {
      if (typeof file.path !== 'string') continue;
      indexed.push({ path: file.path, approved: typeof file.task_id === 'string' && approved.has(file.task_id), ...(typeof file.sha256 === 'string' ? { sha256: file.sha256 } : {}) });
    }
  }
  const code = indexed.filter((file) => !isTestPath(file.path) && !PROSE.test(file.path));
  const parts: ContextPart[] = [];
  for (const file of indexed) {
    const content = await ctx.workspace.readFile(file.path);
    if (content === undefined) continue;
    if (isTestPath(file.path) || PROSE.test(file.path) || isLockfile(file.path)) {
      parts.push(referenceFile(file.path, content, 'Project file'));
      continue;
    }
    const names = new Set(code.filter((other) => other.path !== file.path).flatMap((other) => moduleNames(other.path)));
    const reviewedAsIs = file.approved && file.sha256 !== undefined && file.sha256 === sha256(content);
    parts.push(reviewedAsIs && !importsProjectFile(content, names) ? referenceFile(file.path, content, 'Project file (approved in its task review)') : { heading: `Project file ${file.path}`, body: fenced(content) });
  }
  return parts;
}

/** The plain behaviour: the role writes one typed document from its inputs. */
/**
 * A person sent the stage's document back: the next version answers their feedback, starting
 * from the version they read (whole), and keeps what they did not ask to change.
 */
function revisionTask(ctx: StageContext, revision: NonNullable<StageContext['revision']>): string {
  return [
    `# Your task: revise the ${documentTitle(ctx.stage.kind)} ("${ctx.stage.output}")`,
    '',
    `You are the ${ctx.role.displayName}, working on stage "${ctx.stage.id}". A person reviewed version ${revision.version} of your document and asked for changes before anyone builds on it.`,
    '',
    `## Their feedback on version ${revision.version}`,
    '',
    fenced(revision.feedback),
    '',
    `## Version ${revision.version}, as they read it`,
    '',
    revision.markdown.trim(),
    '',
    'Write the whole next version: do what the feedback asks, keep everything it does not mention, and keep it consistent with the idea and the documents above.',
  ].join('\n');
}

/** The user answered the role's questions: the next version builds them in. */
function answersTask(ctx: StageContext, revision: NonNullable<StageContext['revision']>): string {
  return [
    `# Your task: finish the ${documentTitle(ctx.stage.kind)} ("${ctx.stage.output}") with the user's answers`,
    '',
    `You are the ${ctx.role.displayName}, working on stage "${ctx.stage.id}". You asked the user questions about version ${revision.version} of your document; here are their answers.`,
    '',
    '## Your questions and their answers',
    '',
    fenced(revision.feedback),
    '',
    `## Version ${revision.version}`,
    '',
    revision.markdown.trim(),
    '',
    'Write the whole next version: build each answer in, decide what was left unanswered and record that assumption, and keep everything else.',
  ].join('\n');
}

/** A role that builds on the document sent feedback on it: the next version answers it. */
function peerFeedbackTask(ctx: StageContext, revision: NonNullable<StageContext['revision']>): string {
  const from = revision.from ? `The ${revision.from.roleName} (stage "${revision.from.stageId}")` : 'A role';
  return [
    `# Your task: revise the ${documentTitle(ctx.stage.kind)} ("${ctx.stage.output}") on feedback from a role that builds on it`,
    '',
    `You are the ${ctx.role.displayName}, working on stage "${ctx.stage.id}". ${from} read version ${revision.version} of your document and sent this feedback before writing its own.`,
    '',
    `## Their feedback on version ${revision.version}`,
    '',
    fenced(revision.feedback),
    '',
    `## Version ${revision.version}`,
    '',
    revision.markdown.trim(),
    '',
    'Write the whole next version: fix what the feedback rightly points out, keep everything it does not mention, and keep it consistent with the idea and the documents above.',
  ].join('\n');
}

/** The task of a revision, by what came back. */
function revisingTask(ctx: StageContext, revision: NonNullable<StageContext['revision']>): string {
  if (revision.reason === 'answers') return answersTask(ctx, revision);
  if (revision.reason === 'peer') return peerFeedbackTask(ctx, revision);
  return revisionTask(ctx, revision);
}

/** Longest feedback one message carries to another role (a model's runaway answer is cut). */
export const MAX_FEEDBACK_CHARS = 4000;

/**
 * The document's schema with an optional `feedback_for_inputs` field, for a role that may send
 * feedback to the authors of these inputs; a kind whose schema is not an object is left as it is.
 */
export function withFeedback(schema: z.ZodType, inputs: readonly string[]): z.ZodType {
  if (!(schema instanceof z.ZodObject) || inputs.length === 0) return schema;
  // The name is text, not an enum: a model that writes "PRD" for "prd" is understood, not sent back.
  const document = z.string().min(1).max(200).describe(`the input's name: ${inputs.join(' or ')}`);
  return schema.safeExtend({
    feedback_for_inputs: z
      .array(z.object({ document, feedback: z.string().min(1).max(MAX_FEEDBACK_CHARS) }))
      .max(inputs.length)
      .optional()
      .describe(
        `Only when an input document (${inputs.join(', ')}) contradicts itself or lacks something you need to write yours: what its author must change, one entry per document. Its author revises it once and you then write yours from the revision. Leave it out otherwise.`,
      ),
  });
}

/** `System Design`, `system-design` and `SYSTEM_DESIGN` all name `system_design`. */
function sameName(input: string, written: string): boolean {
  const norm = (text: string) => text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return norm(input) === norm(written);
}

/** Feedback an answer carries for the authors of its inputs (only those offered, one per document), and the document without it. */
export function takeFeedback(value: unknown, inputs: readonly string[]): { document: unknown; feedback: { document: string; feedback: string }[] } {
  if (typeof value !== 'object' || value === null || !('feedback_for_inputs' in value)) return { document: value, feedback: [] };
  const { feedback_for_inputs: raw, ...document } = value as { feedback_for_inputs?: unknown };
  const byDocument = new Map<string, string[]>();
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { document: name, feedback } = entry as { document?: unknown; feedback?: unknown };
    // The model may write the name in another case; only an offered input is a target.
    const target = typeof name === 'string' ? inputs.find((input) => sameName(input, name)) : undefined;
    if (target === undefined || typeof feedback !== 'string' || feedback.trim() === '') continue;
    byDocument.set(target, [...(byDocument.get(target) ?? []), feedback.trim()]);
  }
  return { document, feedback: [...byDocument].map(([name, notes]) => ({ document: name, feedback: notes.join('\n\n').slice(0, MAX_FEEDBACK_CHARS) })) };
}

/** Most questions a role may ask at once. */
export const MAX_QUESTIONS = 5;

/**
 * The document's schema with an optional `questions` field, for a role that may ask the user;
 * a kind whose schema is not an object (markdown) is left as it is.
 */
export function withQuestions(schema: z.ZodType): z.ZodType {
  if (!(schema instanceof z.ZodObject)) return schema;
  return schema.safeExtend({
    questions: z
      .array(z.string().min(1).max(500))
      .max(MAX_QUESTIONS)
      .optional()
      .describe(`Questions for the user, at most ${MAX_QUESTIONS}, only when the answer would change the document and no sensible default exists; the run waits for the answers. Leave it out otherwise.`),
  });
}

/** The questions an answer carries, and the document without them. */
export function takeQuestions(value: unknown): { document: unknown; questions: string[] } {
  if (typeof value !== 'object' || value === null || !('questions' in value)) return { document: value, questions: [] };
  const { questions, ...document } = value as { questions?: unknown };
  const asked = Array.isArray(questions) ? questions.filter((q): q is string => typeof q === 'string' && q.trim() !== '').slice(0, MAX_QUESTIONS) : [];
  return { document, questions: asked };
}

/** What the role answers: its document, with the questions and the feedback it may add. */
function answerSchema(ctx: StageContext): z.ZodType {
  const schema = documentSchema(ctx.stage.kind, { sections: ctx.role.sections });
  const asking = ctx.mayAsk ? withQuestions(schema) : schema;
  return ctx.feedbackTo && ctx.feedbackTo.length > 0 ? withFeedback(asking, ctx.feedbackTo.map((input) => input.name)) : asking;
}

export async function writeDocument(ctx: StageContext): Promise<StructuredResult<unknown>> {
  const output = { name: ctx.stage.output, kind: ctx.stage.kind };
  const prompt = composePrompt({
    idea: ctx.idea,
    role: ctx.role,
    output,
    // A review of the code reads the files themselves: the source_code index of them is left out.
    inputs: ctx.stage.kind === 'review' ? ctx.inputs.filter((input) => input.kind !== 'source_code') : ctx.inputs,
    context: await codeUnderReview(ctx),
    task: ctx.revision ? revisingTask(ctx, ctx.revision) : `# Your task\n\nYou are the ${ctx.role.displayName}, working on stage "${ctx.stage.id}". Write the ${documentTitle(ctx.stage.kind)} ("${ctx.stage.output}") for this project, based on the idea${ctx.inputs.length > 0 ? ' and the documents above' : ''}.`,
  });
  await reportPacking(ctx, prompt.packing, null);
  return ctx.llm.generateStructured({
    context: callContext(ctx, ctx.role, `stage "${ctx.stage.id}"`),
    system: prompt.system,
    messages: prompt.messages,
    schema: answerSchema(ctx),
    schemaName: schemaNameFor(ctx.stage.output),
    check: (value) => roleOutputProblems(ctx.role, ctx.stage.kind, value),
    temperature: ctx.role.temperature,
  });
}
