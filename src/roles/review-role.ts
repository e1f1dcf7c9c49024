import { inlineCode, normalizeProjectPath, reviewSchema, type Review, type TaskPlan } from '../documents/index.js';
import type { RoleSnapshot } from './role-snapshot.js';
import type { StructuredResult } from '../llm/index.js';
import { composePrompt, lockfileNote, referenceFile } from './build-prompt.js';
import { isLockfile } from '../workspace/lockfiles.js';
import { unifiedDiff } from './line-diff.js';
import type { ContextPart } from './pack-context.js';
import { fenced } from './project-files.js';
import { type StageContext, callContext, reportPacking } from './stage-context.js';

type PlannedTask = TaskPlan['tasks'][number];

const REVIEW_RULES = `This call reviews ONE task's change, right after its engineer wrote it: its files in full (on a later round, the diff since your last review), with the files it builds on for context (long ones as their outline). Judge it against the system design, the API spec and the task's description. Every comment names a file of the change or its context and, when it is about one place, the line. Request changes only for blocker or major problems that must be fixed before the next task builds on this one; otherwise approve, listing minor points as comments. Do not ask for work outside this task.`;

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
  /** The change's files as the previous review read them: a later round is shown the diff since. */
  before?: ReadonlyMap<string, string>;
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

/**
 * The change as the reviewer reads it: each file whole on the first round (new files are their
 * own diff); on a later round the diff since the round before, so the reviewer checks what the
 * revision changed and not the whole task again. A file whose earlier content is not known, or
 * that is too long to diff, is shown whole.
 */
export function changeSections(files: ReadonlyMap<string, string>, before: ReadonlyMap<string, string> | undefined): string[] {
  return [...files].map(([path, content]) => {
    if (isLockfile(path)) return `# Changed file ${path}\n\n${lockfileNote(content)}`;
    const earlier = before?.get(path);
    if (earlier === undefined) return `# Changed file ${path}\n\n${fenced(content).trim()}`;
    if (earlier === content) return `# Unchanged since your last review: ${path}`;
    const diff = unifiedDiff(path, earlier, content);
    // Too long to diff, or a diff longer than the file (a rewrite): the reviewer reads it whole.
    if (diff === undefined || diff.length >= content.length) return `# Changed file ${path}\n\n${fenced(content).trim()}`;
    return `# Changed since your last review: ${path} (unified diff; line numbers are the new file's)\n\n${fenced(diff).trim()}`;
  });
}

/** The code reviewer's behaviour for one task: read the change against the design, approve or request changes. */
export async function reviewTask(request: TaskReviewRequest): Promise<StructuredResult<Review>> {
  const { ctx, reviewer, task, round } = request;
  const name = taskReviewName(task.id);
  const shown = new Map<string, string>();
  const changed = new Map<string, string>();
  for (const path of request.changed) {
    const content = await ctx.workspace.readFile(path);
    if (content === undefined) continue;
    shown.set(normalizeProjectPath(path), content);
    changed.set(normalizeProjectPath(path), content);
  }
  const context: ContextPart[] = [];
  for (const path of request.context.filter((p) => !shown.has(normalizeProjectPath(p)))) {
    const content = await ctx.workspace.readFile(path);
    if (content === undefined) continue;
    shown.set(normalizeProjectPath(path), content);
    context.push({ ...referenceFile(path, content, 'Context file (not part of this change)'), priority: 0 });
  }

  const previous = request.previous
    ? [
        `# Your previous review (round ${round - 1}): ${request.previous.verdict}`,
        request.previous.summary.trim(),
        request.previous.comments.map((c) => `- [${c.severity}] ${c.line === undefined ? c.file : `${c.file}:${c.line}`}: ${c.comment}`).join('\n') || '- (no comments)',
        'The engineer has revised the change since. Check whether each comment was resolved; do not repeat resolved ones.',
      ].join('\n\n')
    : '';
  const label = `review ${round} of task ${task.id} of stage "${ctx.stage.id}"`;
  const prompt = composePrompt({
    idea: ctx.idea,
    role: reviewer,
    output: { name, kind: 'review' },
    // The contract the change is judged against; the task's own part of the plan is below. The
    // documents keep the engineer's order, so they are a prefix the provider's cache already holds.
    inputs: ctx.inputs.filter((input) => input.kind !== 'task_plan'),
    rules: REVIEW_RULES,
    context,
    // The change itself is never cut: a review of half a file would invent problems.
    fixed: [
      `# The change: task ${task.id} — ${task.title}\n\nFiles this task owns: ${task.files.map((file) => inlineCode(file)).join(', ')}\n\n${task.description.trim()}`,
      ...changeSections(changed, request.previous ? request.before : undefined),
      previous,
    ],
    task: `# Your task: review round ${round} of task ${task.id}\n\nWrite the review "${name}": approve, or request changes with specific comments.`,
  });
  await reportPacking(ctx, prompt.packing, task.id, label);

  return ctx.llm.generateStructured({
    context: callContext(ctx, reviewer, label, task.id),
    system: prompt.system,
    messages: prompt.messages,
    schema: reviewSchema,
    schemaName: 'review',
    check: (review) => reviewProblems(review, shown),
    temperature: reviewer.temperature,
  });
}
