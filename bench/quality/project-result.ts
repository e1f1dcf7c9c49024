import type { ProjectScores } from './score.js';

/** What the harness did with an idea's project this time. */
export type ProjectAction = 'started' | 'resumed' | 'reused' | 'skipped' | 'blocked';

/** An idea of a suite and the project folder it is built in: what a job and its result share. */
export interface IdeaProject {
  suite: string;
  id: string;
  idea: string;
  /** The stack the idea asks for, or the demo's title. */
  label: string;
  area?: string;
  source?: string;
  projectDir: string;
}

/** One row of the results: an idea, its project, its run and its scores. */
export interface ProjectResult extends IdeaProject {
  action: ProjectAction;
  runId: string | null;
  /** The run's status in its store, or `not run`. */
  status: string;
  /** Why the idea was not run or not scored, when it was not. */
  why?: string;
  /** Wall time this invocation spent on the idea (the run's own time is in the scores). */
  harnessSeconds: number;
  /** How this invocation's `atelier run` or `resume` exited (0 done, 1 stopped, 2 refused, 3 parked), when it ran one. */
  exitCode?: number | null;
  /** The models that answered, as `atelier show` names them. */
  answeredBy: string[];
  scores: ProjectScores | null;
}
