import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { addModelFlags, modelSettingsFromFlags, type ModelFlags } from '../model-flags.js';
import { parseWait } from '../../config/wait.js';
import { UsageError } from '../usage-error.js';
import { EXIT_PARKED } from '../report-error.js';

interface RunFlags extends ModelFlags {
  idea?: string;
  ideaFile?: string;
  workflow?: string;
  template?: string;
  parallel?: boolean;
  concurrency?: string;
  project?: string;
  json?: boolean;
  maxFixRounds?: string;
  reviewRounds?: string;
  feedbackRounds?: string;
  approve?: string[];
  approvalTimeout?: string;
  onApprovalTimeout?: string;
  autoApprove?: boolean;
  /** commander's `--no-questions`: false when given. */
  questions?: boolean;
}

/** `--approve a,b --approve c`: every point named, once. */
function collectPoints(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];
}

/** Undefined when neither flag is given: then `concurrency` in atelier.config.yml applies, else 1. */
export function parseConcurrency(flags: { parallel?: boolean; concurrency?: string }): number | undefined {
  if (flags.concurrency !== undefined) {
    const n = Number(flags.concurrency);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${flags.concurrency}"`);
    return n;
  }
  return flags.parallel ? 4 : undefined;
}

/** `--approval-timeout 30m --on-approval-timeout approve`, checked; undefined when neither is given. */
function parseApprovalTimeout(flags: RunFlags): { ms: number; action?: 'approve' | 'reject' | 'stop' } | undefined {
  const action = flags.onApprovalTimeout;
  if (action !== undefined && action !== 'approve' && action !== 'reject' && action !== 'stop') throw new UsageError(`--on-approval-timeout must be approve, reject or stop, not "${action}"`);
  if (flags.approvalTimeout === undefined) {
    if (action !== undefined) throw new UsageError('--on-approval-timeout needs --approval-timeout WAIT (e.g. --approval-timeout 30m); approval_timeout in atelier.config.yml sets both for every run');
    return undefined;
  }
  const ms = parseWait(flags.approvalTimeout);
  if (ms === undefined) throw new UsageError(`--approval-timeout must be a wait like 30m, 2h, 45s or 1d, not "${flags.approvalTimeout}"`);
  return { ms, ...(action ? { action } : {}) };
}

/** A whole number in [0, max] from a flag, or undefined when the flag was not given. */
export function parseRounds(flag: string, value: string | undefined, max = 20): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, not "${value}"`);
  return n;
}

/** Far above any idea a run accepts (see plan-checks.ts), so a bigger file is refused unread. */
const MAX_IDEA_FILE_BYTES = 1024 * 1024;

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'you may not read it',
  EISDIR: 'it is a folder',
};

async function readIdeaFile(file: string, what = 'idea file'): Promise<string> {
  try {
    const stats = await stat(file);
    // /dev/zero or a pipe would be read until memory runs out.
    if (!stats.isFile()) throw new UsageError(`cannot read the ${what} ${file}: it is not a regular file`);
    if (stats.size > MAX_IDEA_FILE_BYTES) throw new UsageError(`the ${what} ${file} is ${stats.size.toLocaleString('en-US')} bytes; ${what === 'idea file' ? 'an idea is a few paragraphs' : 'answers are a few lines'} (at most about 125 KB)`);
    return await readFile(file, 'utf8');
  } catch (error) {
    if (UsageError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`cannot read the ${what} ${file}: ${READ_PROBLEMS[code] ?? (code || String(error))}`);
  }
}

export function registerRunCommands(program: Command, setExit: (code: number) => void): void {
  addModelFlags(
    program
      .command('run')
      .description('turn an idea into documents and a tested project')
      .option('--idea <text>', 'what to build, in a sentence or a paragraph')
      .option('--idea-file <file>', 'read the idea from a file')
      .option('--workflow <name>', 'workflow id or path to a workflow .yml (default: the template\'s, else `workflow` in atelier.config.yml, else standard)')
      .option('--template <name>', 'start from a project template (see `atelier template list`)')
      .option('--parallel', 'run independent stages and tasks at the same time (concurrency 4)')
      .option('--concurrency <n>', 'how many stages or tasks may run at once (implies --parallel)')
      .option('--project <dir>', 'project folder (default: ./workspace/<name from the idea>)')
      .option('--max-fix-rounds <n>', 'automatic fix rounds after failing tests (default: max_fix_rounds in atelier.config.yml, else 3; 0 turns the fix loop off)')
      .option('--review-rounds <n>', 'times a task goes back to its engineer when the code reviewer requests changes (default 1)')
      .option('--feedback-rounds <n>', 'rounds of feedback a role may send the authors of the documents it reads, who revise them (default: max_feedback_rounds in atelier.config.yml, else 1; 0 turns it off)')
      .option('--approve <points>', 'stop for your approval after these stages: stage ids or after_prd, after_design, before_deployment (comma-separated, repeatable)', collectPoints)
      .option('--auto-approve', 'approve every approval point at once, on record as "auto-approve" (unattended runs: CI, a batch)')
      .option('--approval-timeout <wait>', 'without a terminal, wait this long (30m, 2h, 45s) for someone to decide (`atelier approve` elsewhere), then apply --on-approval-timeout')
      .option('--on-approval-timeout <action>', 'what the timeout does: approve, reject (sends it back once) or stop (stop waiting; the run stays parked). Default: approval_timeout.action, else stop')
      .option('--no-questions', 'roles that may ask you questions (the product manager) decide and record their assumptions instead'),
  ).action(async (flags: RunFlags) => {
    if (flags.idea !== undefined && flags.ideaFile !== undefined) throw new UsageError('give the idea once: --idea TEXT or --idea-file FILE, not both');
    const idea = flags.ideaFile ? await readIdeaFile(flags.ideaFile) : (flags.idea ?? '');
    const concurrency = parseConcurrency(flags);
    const maxFixRounds = parseRounds('--max-fix-rounds', flags.maxFixRounds);
    const maxReviewRounds = parseRounds('--review-rounds', flags.reviewRounds, 5);
    const maxFeedbackRounds = parseRounds('--feedback-rounds', flags.feedbackRounds, 5);
    const approvalTimeout = parseApprovalTimeout(flags);
    const modelSettings = modelSettingsFromFlags(flags, process.cwd());
    // The engine and the progress view load only once a run starts, so `--help` stays fast.
    const [{ startRun }, { watchRun }, { decideInline }] = await Promise.all([import('../../engine/index.js'), import('../watch-run.js'), import('../inline-approvals.js')]);
    const view = { json: flags.json, explainModels: flags.explainModels };
    const first = await watchRun(
      (hooks) => startRun({ idea, workflow: flags.workflow, template: flags.template, cwd: process.cwd(), projectDir: flags.project, concurrency, model: flags.model ?? null, maxFixRounds, maxReviewRounds, ...(maxFeedbackRounds !== undefined ? { maxFeedbackRounds } : {}), ...(approvalTimeout ? { approvalTimeout } : {}), modelSettings, ...(flags.approve ? { approvals: flags.approve } : {}), ...(flags.autoApprove ? { autoApprove: true } : {}), ...(flags.questions === false ? { noQuestions: true } : {}) }, hooks),
      view,
    );
    // At a terminal, a document that waits for approval is asked about here.
    setExit(await decideInline(first, { ...view, modelSettings }));
  });

  addModelFlags(
    program
      .command('resume')
      .description('continue a run that stopped (killed, crashed, failed or parked) where it left off')
      .argument('<run>', 'the run id, e.g. r-3f9a1c2e')
      .option('--project <dir>', 'the project folder holding the run (default: search ./ and ./workspace/*)'),
  ).action(async (runId: string, flags: ModelFlags & { project?: string }) => {
    const modelSettings = modelSettingsFromFlags(flags, process.cwd());
    const [{ resumeRun }, { watchRun }, { decideInline }] = await Promise.all([import('../../engine/index.js'), import('../watch-run.js'), import('../inline-approvals.js')]);
    const view = { json: flags.json, explainModels: flags.explainModels };
    const first = await watchRun((hooks) => resumeRun({ runId, cwd: process.cwd(), projectDir: flags.project, modelSettings }, hooks), view);
    setExit(await decideInline(first, { ...view, modelSettings }));
  });

  registerDecisionCommand(program, setExit, 'approve');
  registerDecisionCommand(program, setExit, 'reject');
  registerAnswerCommand(program, setExit);
}

/** `--answer 2=JSON --answer "1=one file per folder"`: answers by question number. */
function collectAnswer(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `N=text` (or `N: text`) per answer; a line that is neither is refused, naming it. */
export function parseAnswers(lines: readonly string[], where: string): Map<number, string> {
  const answers = new Map<number, string>();
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^\s*(\d+)\s*[=:]\s*([\s\S]*)$/.exec(line);
    if (!match) throw new UsageError(`${where}: "${line.slice(0, 60)}" is not an answer; write it as N=answer, e.g. 1=a JSON file`);
    const n = Number(match[1]);
    if (answers.has(n)) throw new UsageError(`${where}: question ${n} is answered twice`);
    const answer = match[2]!.trim();
    // An empty answer says nothing: leave the question out to leave it to the role.
    if (answer === '') throw new UsageError(`${where}: the answer to question ${n} is empty; write one, or leave question ${n} out to let the role decide`);
    answers.set(n, answer);
  }
  return answers;
}

/** `answer`: the user's answers to a role's questions; the role writes the next version with them and the run goes on. */
function registerAnswerCommand(program: Command, setExit: (code: number) => void): void {
  addModelFlags(
    program
      .command('answer')
      .description("answer the questions a role asked in a parked run; the role writes its document with them and the run goes on")
      .argument('<run>', 'the run id, e.g. r-3f9a1c2e')
      .option('--answer <N=text>', 'the answer to question N (repeatable; a question left out is left to the role)', collectAnswer)
      .option('--answers <file>', 'a file with a line N=answer per question')
      .option('--stage <id>', 'the stage whose questions you answer (needed when several ask)')
      .option('--project <dir>', 'the project folder holding the run (default: search ./ and ./workspace/*)'),
  ).action(async (runId: string, flags: ModelFlags & { answer?: string[]; answers?: string; stage?: string; project?: string }) => {
    if (flags.answer && flags.answers) throw new UsageError('give the answers once: --answer N=… (repeatable) or --answers FILE, not both');
    const lines = flags.answers ? (await readIdeaFile(flags.answers, 'answers file')).split('\n') : (flags.answer ?? []);
    const answers = parseAnswers(lines, flags.answers ?? '--answer');
    const modelSettings = modelSettingsFromFlags(flags, process.cwd());
    const [{ answerQuestions, resumeRun }, { watchRun }, { decideInline }] = await Promise.all([import('../../engine/index.js'), import('../watch-run.js'), import('../inline-approvals.js')]);
    const decided = await answerQuestions({ runId, cwd: process.cwd(), ...(flags.project ? { projectDir: flags.project } : {}), ...(flags.stage ? { stage: flags.stage } : {}), answers });
    (flags.json ? process.stderr : process.stdout).write(`answered: the questions about ${decided.document.name} v${decided.document.version} (stage ${decided.stageId}) of run ${decided.runId}\n`);
    const view = { json: flags.json, explainModels: flags.explainModels };
    try {
      const first = await watchRun((hooks) => resumeRun({ runId: decided.runId, cwd: process.cwd(), projectDir: decided.projectDir, modelSettings }, hooks), view);
      setExit(await decideInline(first, { ...view, modelSettings }));
    } catch (error) {
      sayRecorded('The answers are recorded', decided.runId, flags.project);
      throw error;
    }
  });
}

/** The decision is stored but the run could not go on (no model configured, the project busy): said before the error, with the way on. */
function sayRecorded(what: string, runId: string, project: string | undefined): void {
  process.stderr.write(`${what}, but the run could not go on (below). Once that is fixed, continue it with: atelier resume ${runId}${project ? ` --project ${project}` : ''} (with the same model flags or environment as the run)\n`);
}

/**
 * `approve` and `reject`: a person's decision on a document that waits for approval, recorded
 * in the run's events, then the run goes on (`resume`): approved, the stages that read it run;
 * rejected, the stage's role writes the next version from the feedback and the run waits again.
 */
function registerDecisionCommand(program: Command, setExit: (code: number) => void, verb: 'approve' | 'reject'): void {
  const command = program
    .command(verb)
    .description(verb === 'approve' ? 'approve the document a parked run waits on, and continue the run' : 'send the document a parked run waits on back to its role with feedback; the run continues and waits for the next version')
    .argument('<run>', 'the run id, e.g. r-3f9a1c2e')
    .option('--stage <id>', 'the stage whose document you decide on (needed when several wait)')
    .option('--project <dir>', 'the project folder holding the run (default: search ./ and ./workspace/*)');
  if (verb === 'approve') {
    command
      .option('--comment <text>', 'a note kept with the approval')
      .option('--edited <file>', 'approve your own version instead: a YAML or JSON file (start from `atelier show RUN --document NAME > FILE`), checked like a model\'s answer and stored as the next version');
  }
  else command.requiredOption('--feedback <text>', 'what the role should change; it writes the next version from it');
  addModelFlags(command).action(async (runId: string, flags: ModelFlags & { stage?: string; project?: string; comment?: string; feedback?: string; edited?: string }) => {
    const modelSettings = modelSettingsFromFlags(flags, process.cwd());
    const [{ decideApproval, resumeRun, RunInUseError }, { watchRun }, { decideInline }] = await Promise.all([import('../../engine/index.js'), import('../watch-run.js'), import('../inline-approvals.js')]);
    const edited = flags.edited !== undefined ? (await import('../edit-document.js')).readEditedFile(flags.edited) : undefined;
    const decision = verb === 'approve' ? { approve: true as const, ...(flags.comment !== undefined ? { comment: flags.comment } : {}), ...(edited !== undefined ? { edited: edited.content, ...(edited.header ? { editedOf: edited.header } : {}) } : {}) } : { approve: false as const, feedback: flags.feedback ?? '' };
    const decided = await decideApproval({ runId, cwd: process.cwd(), ...(flags.project ? { projectDir: flags.project } : {}), ...(flags.stage ? { stage: flags.stage } : {}), decision });
    const said = `${verb === 'approve' ? (edited !== undefined ? 'your edit approved' : 'approved') : 'sent back with feedback'}: ${decided.document.name} v${decided.document.version} (stage ${decided.stageId}) of run ${decided.runId}`;
    (flags.json ? process.stderr : process.stdout).write(`${said}\n`);
    try {
      const view = { json: flags.json, explainModels: flags.explainModels };
      const first = await watchRun((hooks) => resumeRun({ runId: decided.runId, cwd: process.cwd(), projectDir: decided.projectDir, modelSettings }, hooks), view);
      setExit(await decideInline(first, { ...view, modelSettings }));
    } catch (error) {
      // The decision is stored; only going on has to wait for whoever holds the project now.
      if (!RunInUseError.isInstance(error)) {
        sayRecorded('The decision is recorded', decided.runId, flags.project);
        throw error;
      }
      process.stderr.write(`The decision is recorded, but the run cannot go on yet: ${error.message}\nContinue it later with: atelier resume ${decided.runId}\n`);
      setExit(EXIT_PARKED);
    }
  });
}
