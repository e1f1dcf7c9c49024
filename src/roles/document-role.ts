import { documentSchema } from '../documents/index.js';
import type { StructuredResult } from '../llm/types.js';
import { buildStageMessages, buildSystemPrompt } from './build-prompt.js';
import { roleOutputProblems } from './role-checks.js';
import type { StageContext } from './stage-context.js';

/** A JSON-schema name must be `[a-zA-Z0-9_-]+` for OpenAI-compatible servers. */
export function schemaNameFor(output: string): string {
  return output.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'document';
}

/** The plain behaviour: the role writes one typed document from its inputs. */
export async function writeDocument(ctx: StageContext): Promise<StructuredResult<unknown>> {
  const output = { name: ctx.stage.output, kind: ctx.stage.kind };
  const system = buildSystemPrompt(ctx.role, output);
  const messages = buildStageMessages({ idea: ctx.idea, stageId: ctx.stage.id, role: ctx.role, inputs: ctx.inputs, output, systemPrompt: system });
  return ctx.llm.generateStructured({
    context: { runId: ctx.runId, stageId: ctx.stage.id, role: ctx.role.id, label: `stage "${ctx.stage.id}"` },
    system,
    messages,
    schema: documentSchema(ctx.stage.kind, { sections: ctx.role.sections }),
    schemaName: schemaNameFor(ctx.stage.output),
    check: (value) => roleOutputProblems(ctx.role, ctx.stage.kind, value),
    temperature: ctx.role.temperature,
  });
}
