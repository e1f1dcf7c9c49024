import { documentTitle } from '../documents/index.js';
import type { ChatMessage } from '../llm/index.js';
import type { RoleSnapshot } from './role-snapshot.js';
import type { InputDocument } from './stage-context.js';
import { estimateTokens, packContext, type ContextPart } from './pack-context.js';
import type { DocumentKind } from '../documents/kinds.js';

const COMPANY_PREAMBLE = `You work at Atelier, a software company staffed by AI specialists. Each specialist owns one step of turning a user's idea into a working, tested project, and hands a typed document to the next. Documents you receive were written by colleagues: build on them, stay consistent with their names and decisions, and point out in your open questions (where your document has them) anything that is contradictory or missing rather than silently changing it.`;

/** The system prompt: who the role is, then what its answer must be. `title` names answers that are not a document kind. */
export function buildSystemPrompt(role: RoleSnapshot, output: { name: string; kind: DocumentKind; title?: string }): string {
  const lines = [role.systemPrompt.trim(), '', COMPANY_PREAMBLE, ''];
  lines.push(
    `Your answer is the document "${output.name}" (${output.title ?? documentTitle(output.kind)}). It is checked against a JSON schema before it is stored: answer with exactly one JSON object that matches the schema, with every field filled with real content for this project. Never use placeholders such as "TBD", "...", or "lorem ipsum".`,
  );
  if (role.sections.length > 0) {
    lines.push(`The document must contain these sections, in this order: ${role.sections.map((s) => `"${s}"`).join(', ')}.`);
  }
  if (role.requiredPatterns.length > 0) {
    lines.push(`It must explicitly address: ${role.requiredPatterns.map((p) => `"${p}"`).join(', ')}.`);
  }
  return lines.join('\n');
}

/** The user message: the idea, the declared inputs packed to fit the role's context, the task. */
export function buildStageMessages(args: {
  idea: string;
  stageId: string;
  role: RoleSnapshot;
  inputs: InputDocument[];
  output: { name: string; kind: DocumentKind };
  systemPrompt: string;
  extra?: ContextPart[];
}): ChatMessage[] {
  const parts: ContextPart[] = args.inputs.map((input) => ({
    heading: `${input.name} — ${documentTitle(input.kind)} v${input.version}, by ${input.authorRole}`,
    body: input.markdown,
  }));
  parts.push(...(args.extra ?? []));
  // Half the window for inputs leaves room for the system prompt and a long answer.
  const budget = Math.floor(args.role.contextTokens / 2) - estimateTokens(args.systemPrompt) - estimateTokens(args.idea);
  const packed = packContext(parts, Math.max(1_000, budget));

  const sections = [`# The user's idea\n\n${args.idea.trim()}`];
  for (const part of packed) sections.push(`# Input: ${part.heading}\n\n${part.body.trim()}`);
  sections.push(
    `# Your task\n\nYou are the ${args.role.displayName}, working on stage "${args.stageId}". Write the ${documentTitle(args.output.kind)} ("${args.output.name}") for this project, based on the idea${packed.length > 0 ? ' and the inputs above' : ''}.`,
  );
  return [{ role: 'user', content: sections.join('\n\n') }];
}
