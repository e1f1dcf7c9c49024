import { normalizeProjectPath, reviewSchema, type Review, type TaskPlan } from '../documents/index.js';
import type { RoleSnapshot } from './role-snapshot.js';
import type { StructuredResult } from '../llm/index.js';
import { buildSystemPrompt } from './build-prompt.js';
import { estimateTokens, packContext, type ContextPart } from './pack-context.js';
import { fenced } from './project-files.js';
import { type StageContext, callContext } from './stage-context.js';

type PlannedTask = TaskPlan['tasks'][number];

const REVIEW_RULES = `You review ONE task's change, right after the engineer wrote it: the files of the change are shown in full, with the files it builds on for context. Judge the change against the system design, the API spec and the task's description. Every comment names a file of the change (or of its context) and, when it is about one place, the line, says what goes wrong and gives the concrete fix. Answer "request_changes" only for blocker or major problems that must be fixed before the next task builds on this one; the engineer then revises the change once. Otherwise "approve", listing minor points as comments. Do not ask for work outside this task.`;

/** The name of the document one task's review is stored as, e.g. `review_T2`. */
export function taskReviewName(taskId: string): string {
  return `review_${taskId}`;
}

export interface TaskReviewRequest {
  ctx: StageContext;
  reviewer: RoleSnapshot;
  task: PlannedTask;
  round: number;
  /** The files of the change, relative to the project. */
  changed: readonly string[];
  /** Files the change builds on (its dependencies' files), shown for context. */
  context: readonly string[];
  /** The review before this one, when the engineer revised the change after it. */
  previous?: Review;
}

/** Comments must point at a file the reviewer was shown, and at a line that exists in it. */
export function reviewProblems(review: Review, shown: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  review.comments.forEach((comment, index) => {
    const content = shown.get(normalizeProjectPath(comment.file));
    if (content === undefined) {
      problems.push(`comments[${index}].file: "${comment.file}" is not part of this change or its context; name one of: ${[...shown.keys()].join(', ')}`);
      return;
    }
    const lines = content.split('\n').length;
    if (comment.line !== undefined && comment.line > lines) problems.push(`comments[${index}].line: ${comment.file} has ${lines} lines, not ${comment.line}`);
  });
  return problems;
}

/** The code reviewer's behaviour for one task: read the change against the design, approve or request changes. */
export async function reviewTask(request: TaskReviewRequest): Promise<StructuredResult<Review>> {
  const { ctx, reviewer, task, round } = request;
  const name = taskReviewName(task.id);
  const system = `${buildSystemPrompt(reviewer, { name, kind: 'review' })}\n\n${REVIEW_RULES}`;
  const shown = new Map<string, string>();
  const changeParts: ContextPart[] = [];
  for (const path of request.changed) {
    const content = await ctx.workspace.readFile(path);
    if (content === undefined) continue;
    shown.set(normalizeProjectPath(path), content);
    changeParts.push({ heading: `Changed file ${path}`, body: fenced(content) });
  }
  const parts: ContextPart[] = ctx.inputs.map((input) => ({ heading: `Input: ${input.name} v${input.version}`, body: input.markdown }));
  for (const path of request.context.filter((p) => !shown.has(normalizeProjectPath(p)))) {
    const content = await ctx.workspace.readFile(path);
    if (content === undefined) continue;
    shown.set(normalizeProjectPath(path), content);
    parts.push({ heading: `Context file ${path} (not part of this change)`, body: fenced(content) });
  }
  // The change itself is never cut: a review of half a file would invent problems.
  const changeTokens = changeParts.reduce((sum, part) => sum + estimateTokens(part.body), 0);
  const budget = Math.floor(reviewer.contextTokens / 2) - estimateTokens(system) - changeTokens;
  const packed = packContext(parts, Math.max(1_000, budget));

  const previous = request.previous
    ? [
        `# Your previous review (round ${round - 1}): ${request.previous.verdict}`,
        request.previous.summary.trim(),
        request.previous.comments.map((c) => `- [${c.severity}] ${c.line === undefined ? c.file : `${c.file}:${c.line}`}: ${c.comment}`).join('\n') || '- (no comments)',
        'The engineer has revised the change since. Check whether each comment was resolved; do not repeat resolved ones.',
      ].join('\n\n')
    : '';
  const message = [
    `# The user's idea\n\n${ctx.idea.trim()}`,
    ...packed.map((part) => `# ${part.heading}\n\n${part.body.trim()}`),
    `# The change: task ${task.id} — ${task.title}\n\nFiles this task owns: ${task.files.map((f) => `\`${f}\``).join(', ')}\n\n${task.description.trim()}`,
    ...changeParts.map((part) => `# ${part.heading}\n\n${part.body.trim()}`),
    previous,
    `# Your task: review round ${round} of task ${task.id}\n\nWrite the review "${name}": approve, or request changes with specific comments.`,
  ].filter((section) => section !== '');

  return ctx.llm.generateStructured({
    context: callContext(ctx, reviewer, `review ${round} of task ${task.id} of stage "${ctx.stage.id}"`, task.id),
    system,
    messages: [{ role: 'user', content: message.join('\n\n') }],
    schema: reviewSchema,
    schemaName: 'review',
    check: (review) => reviewProblems(review, shown),
    temperature: reviewer.temperature,
  });
}
