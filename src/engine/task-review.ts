import { normalizeProjectPath, reviewSchema, type Review, type TaskPlan, type TaskReviewSummary } from '../documents/index.js';
import { implementTask } from '../roles/engineer-role.js';
import { reviewTask, taskReviewName } from '../roles/review-role.js';
import type { StageContext } from '../roles/stage-context.js';
import { roleAuthor } from '../workspace/git-author.js';
import { persistDocument } from './persist-document.js';
import type { RoleSnapshot } from './run-plan.js';
import type { RunServices } from './run-services.js';
import { emptyCheckpoint, type TaskCheckpoint } from './task-checkpoints.js';

type PlannedTask = TaskPlan['tasks'][number];

export interface ReviewLoopRequest {
  ctx: StageContext;
  services: RunServices;
  plan: TaskPlan;
  task: PlannedTask;
  reviewer: RoleSnapshot;
  /** Revisions allowed after a review that requests changes. */
  maxReworks: number;
  /** Files the task's first change wrote. */
  written: string[];
  /** What this run already did for the task: stored rounds are read back, not asked again. */
  checkpoint?: TaskCheckpoint;
}

function dependencyFiles(plan: TaskPlan, task: PlannedTask): string[] {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  return task.dependencies.flatMap((id) => byId.get(id)?.files ?? []);
}

function blocking(review: Review): number {
  return review.comments.filter((c) => c.severity === 'blocker' || c.severity === 'major').length;
}

/**
 * Reviews one task's change right after it is written: the reviewer approves or requests changes;
 * a request sends the task back to its engineer (at most `maxReworks` times), whose revision is
 * committed and reviewed again. Each review is a document (`review_T2`, versioned per round).
 */
export async function reviewAndRevise(request: ReviewLoopRequest): Promise<TaskReviewSummary & { written: string[] }> {
  const { ctx, services, task } = request;
  const where = { stageId: ctx.stage.id, taskId: task.id };
  const name = taskReviewName(task.id);
  const engineer = roleAuthor(ctx.role.id, ctx.role.displayName);
  const written = new Set(request.written.map(normalizeProjectPath));
  const checkpoint = request.checkpoint ?? emptyCheckpoint();
  let previous: Review | undefined;
  let before: Map<string, string> | undefined;
  for (let round = 1; ; round++) {
    const stored = await storedReview(services, checkpoint, round);
    const review = stored ?? (await askReview(request, round, [...written], previous, before));
    if (!stored) await saveReview(request, review, round);
    if (review.verdict === 'approve' || round > request.maxReworks) {
      return { task_id: task.id, verdict: review.verdict, rounds: round, document: name, written: [...written] };
    }

    const revised = checkpoint.revisions.get(round);
    if (revised) {
      revised.forEach((path) => written.add(path));
      // The files as this review read them are gone: the next round reads the change whole.
      before = undefined;
    } else {
      before = await readFiles(services, reviewedPaths(task, [...written]));
      const outcome = await implementTask(ctx, request.plan, task, { review, round });
      const paths = outcome.written.map((file) => file.path);
      paths.forEach((path) => written.add(path));
      const message = `${task.id}: address review round ${round}\n\n${outcome.notes}`.trim();
      const sha = await services.workspace.commit({ message, author: engineer, paths });
      if (sha) await services.events.emit('git.commit', { sha, message: `${task.id}: address review round ${round}`, author: engineer.name, files: paths }, where);
      await services.events.emit('task.revised', { round, files: paths, commit: sha }, where);
    }
    previous = review;
  }
}

/** A review round this run already stored, read back from its document. */
async function storedReview(services: RunServices, checkpoint: TaskCheckpoint, round: number): Promise<Review | undefined> {
  const saved = checkpoint.reviews.get(round);
  const doc = saved ? await services.store.getDocument(saved.documentId) : undefined;
  const parsed = doc ? reviewSchema.safeParse(doc.content) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

/** The files a review of the task reads as its change: the ones it owns and any others it wrote. */
function reviewedPaths(task: PlannedTask, written: readonly string[]): string[] {
  return [...new Set([...task.files.map(normalizeProjectPath), ...written])];
}

async function readFiles(services: RunServices, paths: readonly string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of paths) {
    const content = await services.workspace.readFile(path);
    if (content !== undefined) files.set(path, content);
  }
  return files;
}

async function askReview(request: ReviewLoopRequest, round: number, written: string[], previous: Review | undefined, before: Map<string, string> | undefined): Promise<Review> {
  const { ctx, task, reviewer } = request;
  const changed = reviewedPaths(task, written);
  const result = await reviewTask({ ctx, reviewer, task, round, changed, context: dependencyFiles(request.plan, task), ...(previous ? { previous } : {}), ...(before ? { before } : {}) });
  return result.value;
}

/** Stores one review round as a version of the task's review document, with its `task.reviewed` event. */
async function saveReview(request: ReviewLoopRequest, review: Review, round: number): Promise<void> {
  const { ctx, services, task, reviewer } = request;
  const where = { stageId: ctx.stage.id, taskId: task.id };
  const name = taskReviewName(task.id);
  const { doc, path } = await persistDocument(services, {
    run: { id: ctx.runId, projectId: ctx.projectId },
    name,
    kind: 'review',
    content: review,
    role: reviewer,
    lineage: ctx.inputs.map((input) => input.id),
    where,
    commitMessage: (doc) => `Code review of ${task.id}, round ${round}: ${review.verdict === 'approve' ? 'approved' : 'changes requested'} (${name} v${doc.version})\n\n${review.summary}`,
  });
  await services.events.emit('task.reviewed', { verdict: review.verdict, round, comments: review.comments.length, blocking: blocking(review), document: name, documentId: doc.id, path, reviewer: reviewer.id }, where);
}
