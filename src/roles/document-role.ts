import { documentSchema, documentTitle } from '../documents/index.js';
import type { StructuredResult } from '../llm/index.js';
import { composePrompt, PROSE, referenceFile } from './build-prompt.js';
import type { ContextPart } from './pack-context.js';
import { fenced, isTestPath } from './project-files.js';
import { roleOutputProblems } from './role-checks.js';
import { type StageContext, callContext, reportPacking } from './stage-context.js';

/** A JSON-schema name must be `[a-zA-Z0-9_-]+` for OpenAI-compatible servers. */
export function schemaNameFor(output: string): string {
  return output.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'document';
}

/** A line that imports another module, in the languages the outliner knows. */
const IMPORT_LINE = /^\s*(?:import\b|from\s+\S+\s+import\b|export\s.*\bfrom\s|.*\brequire\s*\()/;

/** The name a file is imported by (`src/todo-store.js` → `todo-store`). */
function moduleStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Whether a file's imports name another code file of the project: it holds call sites into them. */
export function importsProjectFile(content: string, otherStems: ReadonlySet<string>): boolean {
  return content.split('\n').some((line) => {
    if (line.length > 400 || !IMPORT_LINE.test(line)) return false;
    return line.split(/[^\w-]+/).some((word) => otherStems.has(word));
  });
}

interface IndexedFile {
  path: string;
  taskId?: string;
  bytes?: number;
}

/**
 * A review of the whole code base judges what per-task reviews could not see: integration. It
 * reads the files that call into other project files whole (the call sites), and a file its own
 * task's review approved, unchanged since, and that calls into nothing, as the interface it offers
 * (long ones as their outline); the tests as the cases they cover (QA runs them).
 */
async function codeUnderReview(ctx: StageContext): Promise<ContextPart[]> {
  if (ctx.stage.kind !== 'review') return [];
  const indexed: IndexedFile[] = [];
  const approved = new Set<string>();
  for (const input of ctx.inputs.filter((i) => i.kind === 'source_code')) {
    const content = input.content as { files?: { path?: unknown; task_id?: unknown; bytes?: unknown }[]; reviews?: { task_id?: unknown; verdict?: unknown }[] };
    for (const review of content.reviews ?? []) if (review.verdict === 'approve' && typeof review.task_id === 'string') approved.add(review.task_id);
    for (const file of content.files ?? []) {
      if (typeof file.path !== 'string') continue;
      indexed.push({ path: file.path, ...(typeof file.task_id === 'string' ? { taskId: file.task_id } : {}), ...(typeof file.bytes === 'number' ? { bytes: file.bytes } : {}) });
    }
  }
  const code = indexed.filter((file) => !isTestPath(file.path) && !PROSE.test(file.path));
  const parts: ContextPart[] = [];
  for (const file of indexed) {
    const content = await ctx.workspace.readFile(file.path);
    if (content === undefined) continue;
    if (isTestPath(file.path) || PROSE.test(file.path)) {
      parts.push(referenceFile(file.path, content, 'Project file'));
      continue;
    }
    const stems = new Set(code.filter((other) => other.path !== file.path).map((other) => moduleStem(other.path)));
    const reviewedAsIs = file.taskId !== undefined && approved.has(file.taskId) && file.bytes === Buffer.byteLength(content);
    parts.push(reviewedAsIs && !importsProjectFile(content, stems) ? referenceFile(file.path, content, 'Project file (approved in its task review)') : { heading: `Project file ${file.path}`, body: fenced(content) });
  }
  return parts;
}

/** The plain behaviour: the role writes one typed document from its inputs. */
export async function writeDocument(ctx: StageContext): Promise<StructuredResult<unknown>> {
  const output = { name: ctx.stage.output, kind: ctx.stage.kind };
  const prompt = composePrompt({
    idea: ctx.idea,
    role: ctx.role,
    output,
    // A review of the code reads the files themselves: the source_code index of them is left out.
    inputs: ctx.stage.kind === 'review' ? ctx.inputs.filter((input) => input.kind !== 'source_code') : ctx.inputs,
    context: await codeUnderReview(ctx),
    task: `# Your task\n\nYou are the ${ctx.role.displayName}, working on stage "${ctx.stage.id}". Write the ${documentTitle(ctx.stage.kind)} ("${ctx.stage.output}") for this project, based on the idea${ctx.inputs.length > 0 ? ' and the documents above' : ''}.`,
  });
  await reportPacking(ctx, prompt.packing, null);
  return ctx.llm.generateStructured({
    context: callContext(ctx, ctx.role, `stage "${ctx.stage.id}"`),
    system: prompt.system,
    messages: prompt.messages,
    schema: documentSchema(ctx.stage.kind, { sections: ctx.role.sections }),
    schemaName: schemaNameFor(ctx.stage.output),
    check: (value) => roleOutputProblems(ctx.role, ctx.stage.kind, value),
    temperature: ctx.role.temperature,
  });
}
