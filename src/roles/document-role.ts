import { documentSchema, documentTitle } from '../documents/index.js';
import type { StructuredResult } from '../llm/index.js';
import { composePrompt, referenceFile } from './build-prompt.js';
import type { ContextPart } from './pack-context.js';
import { fenced, isTestPath } from './project-files.js';
import { roleOutputProblems } from './role-checks.js';
import { type StageContext, callContext, reportPacking } from './stage-context.js';

/** A JSON-schema name must be `[a-zA-Z0-9_-]+` for OpenAI-compatible servers. */
export function schemaNameFor(output: string): string {
  return output.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'document';
}

/**
 * A review of the whole code base reads the code, not only the list of files: the files the
 * source_code inputs index are shown as they are now (each task's own review already happened),
 * the code whole and the tests as the cases they cover (QA runs them; the review judges the code).
 */
async function codeUnderReview(ctx: StageContext): Promise<ContextPart[]> {
  if (ctx.stage.kind !== 'review') return [];
  const parts: ContextPart[] = [];
  for (const input of ctx.inputs.filter((i) => i.kind === 'source_code')) {
    const files = (input.content as { files?: { path?: unknown }[] }).files ?? [];
    for (const file of files) {
      if (typeof file.path !== 'string') continue;
      const content = await ctx.workspace.readFile(file.path);
      if (content === undefined) continue;
      parts.push(isTestPath(file.path) || /\.(?:md|txt)$/i.test(file.path) ? referenceFile(file.path, content, 'Project file') : { heading: `Project file ${file.path}`, body: fenced(content) });
    }
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
