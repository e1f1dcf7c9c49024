import { relative, sep } from 'node:path';
import { codeChangeSchema, type CodeChange, type TaskPlan } from '../documents/index.js';
import { PathOutsideWorkspaceError } from '../workspace/safe-path.js';
import type { LlmUsage } from '../llm/types.js';
import { buildSystemPrompt } from './build-prompt.js';
import { estimateTokens, packContext, type ContextPart } from './pack-context.js';
import type { StageContext } from './stage-context.js';

type PlannedTask = TaskPlan['tasks'][number];

const ENGINEER_RULES = `You implement exactly one task of the task plan below. Answer with the complete content of every file the task owns (and only files this task needs to create or change), each with its path relative to the project root. Every file must be complete and runnable: no placeholders, no "rest unchanged", no TODOs standing in for code. Follow the system design's file list, names and interfaces exactly, so your files fit the files your colleagues write in parallel. Use only the packages listed in the plan. Put a short note on anything the next engineer or the reviewer must know in "notes".`;

export interface TaskOutcome {
  written: { path: string; bytes: number }[];
  refused: { path: string; reason: string }[];
  notes: string;
  usage: LlmUsage;
}

/** Problems that send the answer back: files the task owns but the answer left out, empty files. */
export function codeChangeProblems(task: PlannedTask, change: CodeChange): string[] {
  const problems: string[] = [];
  const answered = new Set(change.files.map((file) => normalise(file.path)));
  for (const owned of task.files) {
    if (!answered.has(normalise(owned))) problems.push(`files: the task owns "${owned}" but the answer does not contain it`);
  }
  for (const file of change.files) {
    if (file.content.trim() === '') problems.push(`files: "${file.path}" is empty`);
  }
  return problems;
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** The engineer's behaviour for one task: ask for the files, write the safe ones, report the rest. */
export async function implementTask(ctx: StageContext, plan: TaskPlan, task: PlannedTask): Promise<TaskOutcome> {
  const system = `${buildSystemPrompt(ctx.role, { name: 'code_change', kind: 'source_code' })}\n\n${ENGINEER_RULES}`;
  const parts: ContextPart[] = ctx.inputs.map((input) => ({ heading: `${input.name} v${input.version}`, body: input.markdown }));
  for (const path of await filesFromDependencies(ctx, plan, task)) {
    const content = await ctx.workspace.readFile(path);
    if (content !== undefined) parts.push({ heading: `current file ${path}`, body: `\`\`\`\n${content}\n\`\`\`` });
  }
  const budget = Math.floor(ctx.role.contextTokens / 2) - estimateTokens(system);
  const packed = packContext(parts, Math.max(1_000, budget));

  const message = [
    `# The user's idea\n\n${ctx.idea.trim()}`,
    ...packed.map((part) => `# ${part.heading}\n\n${part.body.trim()}`),
    `# Your task: ${task.id} — ${task.title}\n\nFiles this task owns: ${task.files.map((f) => `\`${f}\``).join(', ')}\nDepends on: ${task.dependencies.length > 0 ? task.dependencies.join(', ') : 'nothing'}\n\n${task.description.trim()}`,
  ].join('\n\n');

  const result = await ctx.llm.generateStructured({
    context: { runId: ctx.runId, stageId: ctx.stage.id, taskId: task.id, role: ctx.role.id, label: `task ${task.id} of stage "${ctx.stage.id}"` },
    system,
    messages: [{ role: 'user', content: message }],
    schema: codeChangeSchema,
    schemaName: 'code_change',
    check: (change) => codeChangeProblems(task, change),
    temperature: ctx.role.temperature,
  });

  const outcome: TaskOutcome = { written: [], refused: [], notes: result.value.notes, usage: result.usage };
  for (const file of result.value.files) {
    try {
      const written = await ctx.workspace.writeFile(file.path, file.content);
      // Events, documents and commits speak in paths relative to the project.
      const path = relative(ctx.workspace.root, written.path).split(sep).join('/');
      outcome.written.push({ path, bytes: written.bytes });
      await ctx.events.emit('file.written', { path, bytes: written.bytes, created: written.created }, { stageId: ctx.stage.id, taskId: task.id });
    } catch (error) {
      if (!PathOutsideWorkspaceError.isInstance(error)) throw error;
      outcome.refused.push({ path: file.path, reason: error.message });
      await ctx.events.emit('file.refused', { path: file.path, reason: error.reason, message: error.message }, { stageId: ctx.stage.id, taskId: task.id });
    }
  }
  return outcome;
}

/** The files written by the tasks this one depends on, directly or through others. */
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
  // The task's own files too: on a resumed or later run they may already exist.
  files.push(...task.files);
  const existing = new Set(await ctx.workspace.listFiles());
  return [...new Set(files)].filter((path) => existing.has(normalise(path)));
}
