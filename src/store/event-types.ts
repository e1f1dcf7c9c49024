/**
 * The event types a run appends. The event log is the spine: the CLI's progress view, `show`,
 * resume and (later) the dashboard all read it; nothing keeps a private record of progress.
 */
export const EVENT_TYPES = [
  'run.started',
  'run.resumed',
  'run.finished',
  'run.failed',
  /** The run stopped on purpose (the budget ran out) and can be resumed. */
  'run.stopped',
  /** Every stage that could run has; the rest wait for something outside the run (a person's approval). */
  'run.parked',
  'stage.started',
  'stage.finished',
  'stage.failed',
  /** A stage failed with an error that may pass and is run again: attempt, retries, error. */
  'stage.retry',
  /** A stage is waiting for something outside the run; it is neither failed nor done. */
  'stage.parked',
  /** A stage with an approval point saved its document, which waits for a person: documentId, name, version. */
  'approval.requested',
  /** A person approved it: documentId, version, by, comment; the stage finishes with it. */
  'approval.granted',
  /** A person asked for changes: documentId, version, by, feedback; the stage's role writes the next version. */
  'approval.rejected',
  /** A role that may ask wrote its document with questions for the user: documentId, name, version, questions. */
  'questions.asked',
  /** The user answered them (by number; an unanswered one is left to the role): documentId, answers, by. */
  'questions.answered',
  /**
   * A role sent feedback to the author of one of its inputs (the seeds' message between agents):
   * from, fromName, to, toStage, document, documentId, version, content, round. The author writes
   * the next version (document.saved, lineage to this one) and the sender's stage goes on with it.
   */
  'message.sent',
  'task.started',
  'task.finished',
  'task.failed',
  /** A task's first implementation is written and committed: files, commit, notes, tokens (resume continues after it). */
  'task.implemented',
  /** A task's revision after review round N is written and committed: round, files, commit. */
  'task.revised',
  'llm.call.started',
  'llm.call.finished',
  'llm.call.failed',
  'llm.repair',
  'llm.model.selected',
  'llm.retry',
  'llm.fallback',
  'llm.rate_limited',
  'llm.budget.exceeded',
  /** A budget is set but a model's price is unknown, so its calls are not counted against it: model, warning. */
  'llm.budget.unpriced',
  'document.saved',
  /** A call's prompt had to leave out or cut context to fit the role's budget: what went (`show` lists it). */
  'prompt.packed',
  'file.written',
  'file.refused',
  'git.commit',
  /** The finished run tagged the repository as the project's next version: tag, version, sha. */
  'version.tagged',
  /** A change run's branch was merged into the branch it started from (its tests passed): branch, into, sha. */
  'branch.merged',
  /** A change run's branch was left unmerged: branch, reason. */
  'branch.kept',
  /** The project was rolled back to an earlier version, as a new commit: tag, version, sha, documents. */
  'rollback.done',
  /** The product manager sorted a change request: kind (feature, bug, unrelated), summary, reason. */
  'change.sorted',
  'test.result',
  'sandbox.warning',
  /** Something the run could not do that does not stop it (the project index could not be written): warning. */
  'run.warning',
  /** One command of the validation pipeline finished: step, command, outcome, exit code. */
  'pipeline.step',
  /** QA wrote its test plan and test files. */
  'qa.tests.written',
  /** The code reviewer judged one task's change: verdict, round, comments, document. */
  'task.reviewed',
  'fix.round.started',
  'fix.round.finished',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
