import { relative } from 'node:path';
import type { ModelSettings } from '../llm/index.js';
import { documentFileName } from '../documents/document-file-name.js';
import { askAnswers, askApproval } from './ask-approval.js';
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
  if (!canAskInline(options)) return first.code;
  const [{ answerQuestions, decideApproval, resumeRun, waitingApprovals, waitingQuestions }, { watchRun }] = await Promise.all([import('../engine/index.js'), import('./watch-run.js')]);
  let outcome = first;
  while (outcome.result.outcome.status === 'parked') {
    const { run, projectDir } = outcome.result;
    const resume = () => watchRun((hooks) => resumeRun({ runId: run.id, cwd: process.cwd(), projectDir, ...(options.modelSettings ? { modelSettings: options.modelSettings } : {}) }, hooks), options);
    // Questions first: the document they are about is revised with the answers before anyone approves it.
    const [asking] = await waitingQuestions({ runId: run.id, cwd: process.cwd(), projectDir });
    if (asking) {
      const answers = await askAnswers(asking, { input: process.stdin, output: process.stdout });
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
    const decision = await askApproval({ ...waiting, path }, { input: process.stdin, output: process.stdout });
    if (decision === 'stop') break;
    try {
      await decideApproval({ runId: run.id, cwd: process.cwd(), projectDir, stage: waiting.stageId, decision });
    } catch (error) {
      // Said, and asked again (a replay cannot revise; the project became busy).
      process.stdout.write(`  ${error instanceof Error ? error.message : String(error)}\n`);
      continue;
    }
    outcome = await resume();
  }
  return outcome.code;
}
