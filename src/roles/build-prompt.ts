import { documentTitle, renderDocumentForPrompt } from '../documents/index.js';
import type { ChatMessage } from '../llm/index.js';
import type { RoleSnapshot } from './role-snapshot.js';
import type { InputDocument } from './stage-context.js';
import { estimateTokens, packContext, type ContextPart, type PackReport } from './pack-context.js';
import type { DocumentKind } from '../documents/kinds.js';
import { fenced } from './project-files.js';
import { isLockfile } from '../workspace/lockfiles.js';
import { outlineFile } from './source-outline.js';

/**
 * The system prompt of every call: the same for every role and every run, so it is always a
 * prefix a provider's cache holds. Who the role is comes after the run's shared documents.
 */
export const COMPANY_SYSTEM = `You work at Atelier, a software company staffed by AI specialists. Each specialist owns one step of turning a user's idea into a working, tested project and hands a typed document to the next. Build on your colleagues' documents and keep their names and decisions; where they contradict each other or leave something out, say so in your open questions (where your document has them) rather than silently changing them.

The first message holds the user's idea and the documents you work from; the second, which specialist you are; the last, what else you are given and what to write. Answer with exactly one JSON object that matches the document's JSON schema, every field filled with real content for this project: never placeholders such as "TBD", "..." or "lorem ipsum".`;

/** Where a document kind sits in the run's fixed order: the order the standard workflow makes them in. */
const KIND_ORDER: readonly DocumentKind[] = ['prd', 'system_design', 'api_spec', 'task_plan', 'source_code', 'review', 'test_report', 'deployment_guide', 'user_docs', 'sectioned', 'markdown'];

/** A stored document as a model reads it; a shape the prompt view cannot render falls back to the stored Markdown. */
function promptView(input: InputDocument): string {
  try {
    return renderDocumentForPrompt({ kind: input.kind, name: input.name, content: input.content });
  } catch {
    return input.markdown;
  }
}

/** The shared documents as context parts, in the run's fixed order whatever order the stage declared them in. */
export function sharedParts(inputs: readonly InputDocument[]): ContextPart[] {
  const rank = (input: InputDocument) => KIND_ORDER.indexOf(input.kind);
  return [...inputs]
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .map((input) => ({ heading: `${input.name} — ${documentTitle(input.kind)} v${input.version}, by ${input.authorRole}`, body: promptView(input), shared: true }));
}

export interface AnswerSpec {
  name: string;
  kind: DocumentKind;
  /** Names answers that are not a document kind (`Code fix`). */
  title?: string;
}

/** The closing line that names the answer; the scripted scenarios key on its first words. */
export function answerLine(role: RoleSnapshot, output: AnswerSpec): string {
  const lines = [`Your answer is the document "${output.name}" (${output.title ?? documentTitle(output.kind)}).`];
  if (role.sections.length > 0) {
    lines.push(`The document must contain these sections, in this order: ${role.sections.map((s) => `"${s}"`).join(', ')}.`);
  }
  if (role.requiredPatterns.length > 0) {
    lines.push(`It must explicitly address: ${role.requiredPatterns.map((p) => `"${p}"`).join(', ')}.`);
  }
  return lines.join('\n');
}

/** Everything one call of a role says, in the order a provider's prefix cache rewards. */
export interface PromptPlan {
  idea: string;
  role: RoleSnapshot;
  output: AnswerSpec;
  /** The run's documents the call reads: the first message, shared with every call that reads them. */
  inputs: readonly InputDocument[];
  /** The behaviour's standing rules (the engineer's, the reviewer's): after the role's own prompt, the same on each of its calls. */
  rules?: string;
  /** Call-specific context the packer may cut (files for reference). */
  context?: ContextPart[];
  /** Call-specific sections that are never cut (the change under review, the failure to fix), after the context. */
  fixed?: string[];
  /** The task section, last but for the answer line. */
  task: string;
}

export interface ComposedPrompt {
  system: string;
  messages: ChatMessage[];
  /** What the packer cut or left out to fit the role's budget; `show` lists it. */
  packing: PackReport;
}

/**
 * Lays out a call: the company system prompt; then the idea and the shared documents (the same
 * text for every call that reads them); then who the role is, its rules, the call's own context,
 * the task and the answer line. Stable text first, so each call shares the longest prefix with
 * the calls before it. The inputs and the context are packed into half the role's window.
 */
export function composePrompt(plan: PromptPlan): ComposedPrompt {
  const roleText = `# Your role: ${plan.role.displayName}\n\n${plan.role.systemPrompt.trim()}${plan.rules ? `\n\n${plan.rules.trim()}` : ''}`;
  const fixed = plan.fixed ?? [];
  const closing = `${plan.task.trim()}\n\n${answerLine(plan.role, plan.output)}`;
  const fixedTokens = [COMPANY_SYSTEM, plan.idea, roleText, closing, ...fixed].reduce((sum, text) => sum + estimateTokens(text), 0);
  const budget = Math.max(1_000, Math.floor(plan.role.contextTokens / 2) - fixedTokens);
  const shared = sharedParts(plan.inputs);
  const { parts, report } = packContext([...shared, ...(plan.context ?? [])], budget);

  const first = [`# The user's idea\n\n${plan.idea.trim()}`, ...parts.filter((part) => part.shared).map(section)];
  const last = [...parts.filter((part) => !part.shared).map(section), ...fixed.filter((text) => text.trim() !== ''), closing];
  return {
    system: COMPANY_SYSTEM,
    // Two cache breakpoints: after the shared documents (every call that reads them), after the
    // role's standing prompt (each of its calls: the engineer's tasks, the reviewer's rounds).
    messages: [
      { role: 'user', content: first.join('\n\n'), cacheBreakpoint: true },
      { role: 'user', content: roleText, cacheBreakpoint: true },
      { role: 'user', content: last.join('\n\n') },
    ],
    packing: report,
  };
}

function section(part: ContextPart): string {
  return `# ${part.heading}\n\n${part.body.trim()}`;
}

/** Prose files (a README, notes): another task builds on code, not on them. */
export const PROSE = /\.(?:md|markdown|txt|rst|adoc)$/i;

/** A lockfile, named and not shown: the package manager writes it from the manifest, and no one reads it line by line. */
export function lockfileNote(content: string): string {
  return `A lockfile of ${content.length} characters, not shown: the package manager writes it from the manifest.`;
}

/**
 * A project file as context for another task: whole when it is short, else as the interface it
 * offers (exported signatures, test names), so a task reads what it builds on without its bodies;
 * prose is named, not shown.
 */
export function referenceFile(path: string, content: string, label: string): ContextPart {
  if (isLockfile(path)) return { heading: `${label} ${path}`, body: lockfileNote(content) };
  if (PROSE.test(path)) return { heading: `${label} ${path}`, body: `A document of ${content.length} characters, not shown: it is prose, not code this call builds on.` };
  const outline = outlineFile(path, content);
  if (outline === undefined) return { heading: `${label} ${path}`, body: fenced(content) };
  return { heading: `${label} ${path}: outline only (the whole file is ${content.length} characters)`, body: fenced(outline) };
}
