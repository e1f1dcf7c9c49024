import { AtelierError } from '../errors/atelier-error.js';

/** The idea is the one input every run needs; an empty one is refused before anything is written. */
export class EmptyIdeaError extends AtelierError {
  override readonly name = 'EmptyIdeaError';
  constructor() {
    super('the idea is empty: say what to build, e.g. atelier run --idea "a command-line tool that tracks my reading list"');
  }
}

export class RunNotFoundError extends AtelierError {
  override readonly name = 'RunNotFoundError';
  constructor(
    readonly runId: string,
    searched: string[],
  ) {
    super(
      `no run "${runId}" in ${searched.length > 0 ? searched.join(', ') : 'any project found here'}; list runs with \`atelier runs\`, or name the project with --project DIR`,
    );
  }
}

/** Something outside the run's own work stopped it part way (a full disk, a store gone); what it did is kept. */
export class RunBrokeOffError extends AtelierError {
  override readonly name = 'RunBrokeOffError';
  constructor(
    readonly runId: string,
    cause: unknown,
  ) {
    super(`run ${runId} stopped: ${errorMessage(cause)}. Nothing done so far is lost; once that is fixed, continue with: atelier resume ${runId}`, { cause });
  }
}

/** A resume writes the project (its files, its store); a folder it cannot write is said before anything is tried. */
export class ProjectNotWritableError extends AtelierError {
  override readonly name = 'ProjectNotWritableError';
  constructor(
    readonly projectDir: string,
    code: string,
  ) {
    const why = code === 'EROFS' ? ': its file system is mounted read-only' : code === 'ENOTDIR' ? ': it is a file, not a folder' : '';
    super(`the project folder ${projectDir} cannot be written (${code}${why}); \`atelier runs\` and \`show\` can still read it. Nothing was changed.`);
  }
}

/** `--project DIR` names a folder that does not exist. */
export class ProjectNotFoundError extends AtelierError {
  override readonly name = 'ProjectNotFoundError';
  constructor(readonly projectDir: string) {
    super(`no project folder at ${projectDir}; check the path given to --project, or list the projects' runs with \`atelier runs --all\``);
  }
}

/** A stage (or some of its tasks) failed; the run stops and can be resumed. */
export class StageFailedError extends AtelierError {
  override readonly name = 'StageFailedError';
  constructor(
    readonly stageId: string,
    readonly reason: string,
    /** The errors behind it (one per failed task), so a budget stop is still recognised through the wrapper. */
    readonly causes: readonly unknown[] = [],
  ) {
    super(`stage "${stageId}" failed: ${reason}`);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class UnknownWorkflowError extends AtelierError {
  override readonly name = 'UnknownWorkflowError';
  constructor(
    readonly workflow: string,
    known: string[],
    suggestion?: string,
  ) {
    // A name that looks like a path was meant as a file: say that the file is missing.
    const asPath = /[\\/]|\.ya?ml$/i.test(workflow);
    super(
      asPath
        ? `no workflow file at ${workflow}; check the path (relative to the folder you run in), or name a workflow: ${known.join(', ')}`
        : `unknown workflow "${workflow}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known workflows: ${known.join(', ')}. A path to a workflow .yml file works too.`,
    );
  }
}

export class RunAlreadyFinishedError extends AtelierError {
  override readonly name = 'RunAlreadyFinishedError';
  constructor(readonly runId: string) {
    super(`run ${runId} already finished successfully; see it with \`atelier show ${runId}\`, or start a new run`);
  }
}

export class UnknownTemplateError extends AtelierError {
  override readonly name = 'UnknownTemplateError';
  constructor(
    readonly template: string,
    known: string[],
    suggestion?: string,
  ) {
    super(`unknown template "${template}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known templates: ${known.join(', ')}. See \`atelier template list\`.`);
  }
}

/** The store refused an event (disk full, database locked): the run's work is saved, its log is not complete. */
export class EventLogError extends AtelierError {
  override readonly name = 'EventLogError';
  constructor(
    readonly runId: string,
    cause: unknown,
  ) {
    super(`run ${runId}: the event log could not record a model call (${errorMessage(cause)}); its documents and code are saved, but \`atelier show ${runId}\` may miss some calls. Check the disk and the project's .atelier folder.`, { cause });
  }
}

/** `--approve` or `approvals:` names a point the workflow does not have. */
export class UnknownApprovalPointError extends AtelierError {
  override readonly name = 'UnknownApprovalPointError';
  constructor(
    readonly unknown: string[],
    stages: string[],
    named: string[],
  ) {
    super(`no approval point ${unknown.map((name) => `"${name}"`).join(', ')} in this workflow: name a stage (${stages.join(', ')}) or a named point (${named.join(', ')})`);
  }
}

/** `approve` or `reject` on a run with no document waiting for a decision (or an ambiguous one). */
export class NothingToDecideError extends AtelierError {
  override readonly name = 'NothingToDecideError';
}

/** A person's edit of a document that waits for approval does not validate: nothing was recorded. */
export class InvalidEditError extends AtelierError {
  override readonly name = 'InvalidEditError';
  constructor(readonly document: string, readonly problems: string[]) {
    super(`your edit of ${document} is not a valid document, so nothing was recorded:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
