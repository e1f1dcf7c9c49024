import { inlineCode, codeChangeSchema, normalizeProjectPath, type CodeChange, type Review, type TaskPlan } from '../documents/index.js';
import type { LlmUsage } from '../llm/index.js';
import { composePrompt, referenceFile } from './build-prompt.js';
import type { ContextPart } from './pack-context.js';
import { fenced, snapshotProjectFiles } from './project-files.js';
import { type StageContext, callContext, reportPacking } from './stage-context.js';
import { changeProblems, writeChange, type ChangeRules } from './write-change.js';

type PlannedTask = TaskPlan['tasks'][number];

const ENGINEER_RULES = `You implement exactly one task of the task plan above. Answer with the complete content of every file the task owns under "files" (and only files this task creates or changes), each with its path relative to the project root. Files of other tasks that are long are shown as their outline (exported signatures, test names): import what they export, exactly as named. When you revise your change after a code review, you may instead give "edits": exact search-and-replace changes of files that exist, each search copied from the current file and occurring in it exactly once. Put anything the next engineer or the reviewer must know in "notes".`;

export interface TaskOutcome {
  written: { path: string; bytes: number }[];
  refused: { path: string; reason: string }[];
  notes: string;
  usage: LlmUsage;
}

/** A revision request: the review that asked for changes, and which review round it was. */
export interface Rework {
  review: Review;
  round: number;
}

/** Problems that send a first implementation back: owned files left out, empty files, edits that do not apply. */
export function codeChangeProblems(task: PlannedTask, change: CodeChange, snapshot: ReadonlyMap<string, string> = new Map()): string[] {
  return changeProblems(change, { mode: 'task', ownedFiles: task.files, snapshot });
}

function reviewSection(task: PlannedTask, rework: Rework): string {
  const comments = rework.review.comments.map((c) => {
    const where = c.line === undefined ? c.file : `${c.file}:${c.line}`;
    return `- [${c.severity}] ${where}: ${c.comment}${c.suggestion ? ` Suggested fix: ${c.suggestion}` : ''}`;
  });
  return [
    `# Code review of your change (round ${rework.round}): changes requested`,
    rework.review.summary.trim(),
    comments.join('\n') || '- (no specific comments)',
    `Revise task ${task.id} so that every blocker and major comment is resolved; address minor ones where it is cheap. Change only what the review is about: use "edits" for targeted changes, or give a whole file of this task under "files". The current content of the task's files is shown above.`,
  ].join('\n\n');
}

export interface ImplementOptions {
  /**
   * Files this run already wrote for this task (its `file.written` events). A first attempt does
   * not show them: its prompt must be the one the run first asked, so a resumed run finds the
   * answer in the response cache instead of paying for it again.
   */
  writtenThisRun?: ReadonlySet<string>;
}

/** The files other tasks of the plan own. */
function othersOwn(plan: TaskPlan, task: PlannedTask): string[] {
  return plan.tasks.filter((t) => t.id !== task.id).flatMap((t) => t.files);
}

/**
 * The engineer's behaviour for one task: ask for the files, write the safe ones, report the rest.
 * With `rework`, the same task is revised to answer a code review that requested changes.
 */
export async function implementTask(ctx: StageContext, plan: TaskPlan, task: PlannedTask, rework?: Rework, options: ImplementOptions = {}): Promise<TaskOutcome> {
  const hidden = rework ? new Set<string>() : new Set([...(options.writtenThisRun ?? [])].map(normalizeProjectPath));
  const own = new Set(task.files.map(normalizeProjectPath));
  const context: ContextPart[] = [];
  for (const path of await filesFromDependencies(ctx, plan, task)) {
    if (own.has(path) && hidden.has(path)) continue;
    const content = await ctx.workspace.readFile(path);
    if (content === undefined) continue;
    // Its own files are shown whole (it edits them); what it builds on, as the interface it offers.
    context.push(own.has(path) ? { heading: `Current file ${path}`, body: fenced(content) } : { ...referenceFile(path, content, 'File'), priority: 0 });
  }
  const label = `${rework ? `revision ${rework.round} of ` : ''}task ${task.id} of stage "${ctx.stage.id}"`;
  const prompt = composePrompt({
    idea: ctx.idea,
    role: ctx.role,
    output: { name: 'code_change', kind: 'source_code' },
    inputs: ctx.inputs,
    rules: ENGINEER_RULES,
    context,
    fixed: rework ? [reviewSection(task, rework)] : [],
    task: `# Your task: ${task.id} — ${task.title}\n\nFiles this task owns: ${task.files.map((file) => inlineCode(file)).join(', ')}\nDepends on: ${task.dependencies.length > 0 ? task.dependencies.join(', ') : 'nothing'}\n\n${task.description.trim()}`,
  });
  await reportPacking(ctx, prompt.packing, task.id, label);

  const rules: ChangeRules = { mode: rework ? 'rework' : 'task', ownedFiles: task.files, othersOwn: othersOwn(plan, task), snapshot: await snapshotProjectFiles(ctx.workspace) };
  const result = await ctx.llm.generateStructured({
    context: callContext(ctx, ctx.role, label, task.id),
    system: prompt.system,
    messages: prompt.messages,
    schema: codeChangeSchema,
    schemaName: 'code_change',
    check: (change) => changeProblems(change, rules),
    temperature: ctx.role.temperature,
  });

  const written = await writeChange(ctx, result.value, { taskId: task.id, label });
  return { ...written, notes: result.value.notes, usage: result.usage };
}

/** The files written by the tasks this one depends on, directly or through others, then its own. */
async function filesFromDependencies(ctx: StageContext, plan: TaskPlan, task: PlannedTask): Promise<string[]> {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const dependency = byId.get(id);
    if (!dependency) return;
    dependency.dependencies.forEach(visit);
    files.push(...dependency.files);
  };
  task.dependencies.forEach(visit);
  // The task's own files too: on a later run of the project, or a revision, they exist already.
  files.push(...task.files);
  const existing = new Set(await ctx.workspace.listFiles());
  return [...new Set(files.map(normalizeProjectPath))].filter((path) => existing.has(path));
}
