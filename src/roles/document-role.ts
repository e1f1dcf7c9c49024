import { documentSchema } from '../documents/index.js';
import type { StructuredResult } from '../llm/index.js';
import { buildStageMessages, buildSystemPrompt } from './build-prompt.js';
import type { ContextPart } from './pack-context.js';
import { fenced } from './project-files.js';
import { roleOutputProblems } from './role-checks.js';
import { type StageContext, callContext } from './stage-context.js';

/** A JSON-schema name must be `[a-zA-Z0-9_-]+` for OpenAI-compatible servers. */
export function schemaNameFor(output: string): string {
  return output.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'document';
}

/**
 * A review of the whole code base reads the code, not only the list of files: the files the
 * source_code inputs index are shown as they are now (each task's own review already happened).
 */
async function codeUnderReview(ctx: StageContext): Promise<ContextPart[]> {
  if (ctx.stage.kind !== 'review') return [];
  const parts: ContextPart[] = [];
  for (const input of ctx.inputs.filter((i) => i.kind === 'source_code')) {
    const files = (input.content as { files?: { path?: unknown }[] }).files ?? [];
    for (const file of files) {
      if (typeof file.path !== 'string') continue;
      const content = await ctx.workspace.readFile(file.path);
      if (content !== undefined) parts.push({ heading: `Project file ${file.path}`, body: fenced(content) });
    }
  }
  return parts;
}

/** The plain behaviour: the role writes one typed document from its inputs. */
export async function writeDocument(ctx: StageContext): Promise<StructuredResult<unknown>> {
  const output = { name: ctx.stage.output, kind: ctx.stage.kind };
  const system = buildSystemPrompt(ctx.role, output);
  const extra = await codeUnderReview(ctx);
  const messages = buildStageMessages({ idea: ctx.idea, stageId: ctx.stage.id, role: ctx.role, inputs: ctx.inputs, output, systemPrompt: system, extra });
  return ctx.llm.generateStructured({
    context: callContext(ctx, ctx.role, `stage "${ctx.stage.id}"`),
    system,
    messages,
    schema: documentSchema(ctx.stage.kind, { sections: ctx.role.sections }),
    schemaName: schemaNameFor(ctx.stage.output),
    check: (value) => roleOutputProblems(ctx.role, ctx.stage.kind, value),
    temperature: ctx.role.temperature,
  });
}
