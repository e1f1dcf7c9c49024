import { relative } from 'node:path';
import type { ModelSettings } from '../llm/index.js';
import { formatWait } from '../config/wait.js';
import { printable } from '../observe/printable.js';
import { documentFileName } from '../documents/document-file-name.js';
import { askAnswers, askApproval, lineReader } from './ask-approval.js';
import { editInEditor, endEdit, leaveEdit, startEdit, type EditSession } from './edit-document.js';
import type { ViewOptions } from './watch-run.js';
import type { RunResult } from '../engine/index.js';

/** Only a person at a terminal is asked; CI, pipes and `--json` get exit code 3 and the commands. */
export function canAskInline(options: { json?: boolean | undefined }): boolean {
  return !options.json && process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/**
 * While the run is parked on documents that wait for approval, and a person is at the terminal:
 * ask about each one, record the decision and let the run go on, until it finishes, fails, parks
 * for something else, or the person stops (then the usual exit code 3 and commands).
 */
export async function decideInline(first: { code: number; result: RunResult }, options: ViewOptions & { modelSettings?: ModelSettings }): Promise<number> {
  if (!canAskInline(options)) return waitOnTimeout(first, options);
  const [{ answerQuestions, decideApproval, resumeRun, waitingApprovals, waitingQuestions }, { watchRun }] = await Promise.all([import('../engine/index.js'), import('./watch-run.js')]);
  // One reader for every prompt of the session: a line typed ahead is kept for the prompt after.
  const lines = lineReader({ input: process.stdin, output: process.stdout });
  const io = { input: process.stdin, output: process.stdout, lines };
  // A person's edit in progress, per document version: an invalid edit is reopened, not lost.
  const edits = new Map<string, EditSession>();
  let outcome = first;
  try {
    while (outcome.result.outcome.status === 'parked') {
      const { run, projectDir } = outcome.result;
      const resume = () => watchRun((hooks) => resumeRun({ runId: run.id, cwd: process.cwd(), projectDir, ...(options.modelSettings ? { modelSettings: options.modelSettings } : {}) }, hooks), options);
      // Questions first: the document they are about is revised with the answers before anyone approves it.
      const [asking] = await waitingQuestions({ runId: run.id, cwd: process.cwd(), projectDir });
      if (asking) {
        const answers = await askAnswers(asking, io);
        if (answers === 'stop') break;
        try {
          await answerQuestions({ runId: run.id, cwd: process.cwd(), projectDir, stage: asking.stageId, answers });
        } catch (error) {
          process.stdout.write(`  ${error instanceof Error ? error.message : String(error)}\n`);
          break;
        }
        outcome = await resume();
        continue;
      }
      const [waiting] = await waitingApprovals({ runId: run.id, cwd: process.cwd(), projectDir });
      if (!waiting) break;
      const path = relative(process.cwd(), `${projectDir}/${documentFileName(waiting.name)}`) || documentFileName(waiting.name);
      const key = `${waiting.stageId}@${waiting.version}`;
      const edit = async () => {
        const session = edits.get(key) ?? startEdit(waiting);
        edits.set(key, session);
        return editInEditor(session);
      };
      const approveOnly = outcome.result.plan.options.modelSettings?.replay !== undefined;
      const decision = await askApproval({ ...waiting, path }, io, approveOnly ? { approveOnly } : { edit });
      if (decision === 'stop') {
        process.stdout.write(`  Stopped; the run waits. Decide later: atelier approve ${run.id}${approveOnly ? '' : `, or atelier reject ${run.id} --feedback "…"`}\n`);
        break;
      }
      try {
        await decideApproval({ runId: run.id, cwd: process.cwd(), projectDir, stage: waiting.stageId, decision });
      } catch (error) {
        // Said, and asked again (an edit that does not validate, a replay that cannot revise, a busy project).
        process.stdout.write(`  ${error instanceof Error ? error.message : String(error)}\n`);
        if (decision.approve && decision.edited !== undefined) process.stdout.write(`  Press e to fix your edit (kept in ${edits.get(key)?.file ?? 'its file'}).\n`);
        continue;
      }
      endEdit(edits.get(key));
      edits.delete(key);
      outcome = await resume();
    }
  } finally {
    lines.close();
    // An edit the person made and did not get recorded stays, and they are told where; an untouched copy goes.
    for (const session of edits.values()) leaveEdit(session, process.stdout, outcome.result.run.id);
  }
  return outcome.code;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Without a terminal, a run parked on approvals with an `approval_timeout` waits here for the
 * decision (made elsewhere: `atelier approve`, another machine) until the first document is due;
 * then the run goes on and the engine applies the timeout's action. A document the timeout
 * cannot decide (`stop`, or sent back once already) leaves the run parked, with exit code 3.
 */
async function waitOnTimeout(first: { code: number; result: RunResult }, options: ViewOptions & { modelSettings?: ModelSettings }): Promise<number> {
  const timeout = first.result.plan.options.approvalTimeout;
  if (!timeout || first.result.outcome.status !== 'parked') return first.code;
  const [{ resumeRun, waitingApprovals, waitingQuestions }, { watchRun }] = await Promise.all([import('../engine/index.js'), import('./watch-run.js')]);
  const notes = options.json ? process.stderr : process.stdout;
  let outcome = first;
  // Documents the timeout was given its chance on: one it could not decide leaves the run parked.
  const tried = new Set<string>();
  const key = (w: { stageId: string; version: number }) => `${w.stageId}@${w.version}`;
  while (outcome.result.outcome.status === 'parked') {
    const { run, projectDir } = outcome.result;
    const where = { runId: run.id, cwd: process.cwd(), projectDir };
    // The timeout decides approvals only; questions wait for the user.
    if ((await waitingQuestions(where)).length > 0) break;
    const waiting = await waitingApprovals(where);
    if (waiting.length === 0) break;
    const dueNow = waiting.filter((w) => w.requestedAt + timeout.ms <= Date.now());
    if (dueNow.length > 0) {
      const fresh = dueNow.filter((w) => !tried.has(key(w)));
      if (timeout.action !== 'stop' && fresh.length > 0) {
        // Due (perhaps already when the run parked): going on lets the engine apply the action.
        for (const w of fresh) tried.add(key(w));
        const which = fresh.map((w) => `${printable(w.name)} v${w.version}`).join(', ');
        notes.write(`Nobody decided on ${which} within ${formatWait(timeout.ms)}: the timeout ${timeout.action === 'approve' ? 'approves it' : 'sends it back once'}.\n`);
        outcome = await watchRun((hooks) => resumeRun({ ...where, ...(options.modelSettings ? { modelSettings: options.modelSettings } : {}) }, hooks), options);
        continue;
      }
      const names = dueNow.map((w) => `${printable(w.name)} v${w.version}`).join(', ');
      const why = timeout.action === 'stop' ? ': stopped waiting; the run stays parked.' : timeout.action === 'reject' ? ', and the timeout sends a document back only once: the run stays parked.' : ', and the timeout could not decide it: the run stays parked.';
      notes.write(`Nobody decided on ${names} within ${formatWait(timeout.ms)}${why}\n`);
      break;
    }
    const due = Math.min(...waiting.map((w) => w.requestedAt + timeout.ms));
    const names = waiting.map((w) => `${printable(w.name)} v${w.version}`).join(', ');
    // A stage the timeout already sent back once is left to a person: the wait ends with the run parked.
    const sentBack = timeout.action === 'reject' && waiting.some((w) => [...tried].some((k) => k.startsWith(`${w.stageId}@`)));
    const then = timeout.action === 'approve' ? 'approve it' : timeout.action === 'reject' ? (sentBack ? 'stop waiting (it sends a document back only once; the run stays parked)' : 'send it back once') : 'stop waiting (the run stays parked)';
    notes.write(`Waiting until ${new Date(due).toISOString().slice(11, 19)} UTC (${formatWait(due - Date.now())}) for a decision on ${names} (atelier approve ${run.id}, from anywhere); then the timeout will ${then}.\n`);
    const keys = waiting.map(key);
    while (Date.now() < due) {
      await sleep(Math.min(1_000, due - Date.now()));
      const now = (await waitingApprovals(where)).map(key);
      if (!keys.every((k) => now.includes(k))) {
        notes.write(`A decision was recorded elsewhere; the run goes on where it was made (atelier show ${run.id}).\n`);
        return outcome.code;
      }
    }
  }
  return outcome.code;
}
