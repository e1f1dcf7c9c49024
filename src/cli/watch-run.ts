import { relative } from 'node:path';
import pc from 'picocolors';
import type { RunHooks, RunResult } from '../engine/index.js';
import type { EventRecord } from '../store/index.js';
import { resumeCommand } from '../engine/index.js';
import { createLineView, createLiveView, type ProgressView } from './progress-view.js';
import { formatTokens } from './format.js';
import { documentFileName } from '../documents/document-file-name.js';
import { displayUsd } from '../llm/index.js';
import { EXIT_PARKED, EXIT_RUN_FAILED } from './report-error.js';
import { plural } from '../observe/plural.js';
import { printable, printableDeep } from '../observe/printable.js';

export interface ViewOptions {
  json?: boolean;
  /** Print the model each stage gets, and why, before the run starts. */
  explainModels?: boolean | undefined;
  out?: NodeJS.WriteStream;
}

/**
 * Runs a run (new, resumed or the demo) with a progress view on the terminal, then prints the
 * summary. Returns the exit code: 0 succeeded, 1 failed (and how to resume).
 */
export async function watchRun(
  start: (hooks: RunHooks) => Promise<RunResult>,
  options: ViewOptions,
): Promise<{ code: number; result: RunResult }> {
  const out = options.out ?? process.stdout;
  let view: ProgressView | undefined;
  // With --json, stdout carries only events.
  const notes = options.json ? process.stderr : out;
  const hooks: RunHooks = {
    ...(options.explainModels ? { onExplainModels: (lines: string[]) => notes.write(`${pc.bold(lines[0] ?? '')}\n${lines.slice(1).join('\n')}\n\n`) } : {}),
    onStart: ({ run, plan, events, history }) => {
      view = out.isTTY && !options.json ? createLiveView(plan, run.id, out) : createLineView(plan, out, options.json ?? false);
      // Folded, not printed: the summary of a resumed run counts all it did, not only this resume.
      // Model-chosen file names and texts reach the terminal only as printable text (JSON escapes its own).
      const shown = (event: EventRecord) => (options.json ? event : printableDeep(event));
      for (const event of history) view.state.apply(shown(event));
      events.subscribe((event) => view?.onEvent(shown(event)));
    },
  };
  let result: RunResult;
  try {
    result = await start(hooks);
  } finally {
    view?.stop();
  }
  if (!options.json && view) printSummary(result, view, out);
  // With --json, stdout carries events only: how to go on is said on stderr.
  else if (options.json && result.outcome.status === 'parked') process.stderr.write(`${howToContinue(result, view?.state).join('\n')}\n`);
  const code = result.outcome.status === 'succeeded' ? 0 : result.outcome.status === 'parked' ? EXIT_PARKED : EXIT_RUN_FAILED;
  return { code, result };
}

function printSummary(result: RunResult, view: ProgressView, out: NodeJS.WritableStream): void {
  const { state } = view;
  const where = relative(process.cwd(), result.projectDir) || '.';
  const lines = [''];
  if (result.outcome.status === 'succeeded') {
    lines.push(`${pc.green('✔')} run ${result.run.id} finished: ${plural(state.stages.size, 'stage')}, ${plural(state.writes, 'file')}, ${plural(state.commits.length, 'commit')}, ${formatTokens(state.totalTokens())}`);
  } else if (result.outcome.status === 'parked') {
    lines.push(...howToContinue(result, state).map((line, i) => (i === 0 ? `${pc.yellow('⏸')} ${line}` : `  ${line}`)));
  } else if (result.outcome.status === 'stopped') {
    // The message already names the command that continues the run (with a larger budget).
    lines.push(`${pc.yellow('■')} run ${result.run.id} stopped: ${printable(result.outcome.error ?? state.stopped ?? 'stopped on purpose')}`);
  } else {
    lines.push(`${pc.red('✖')} run ${result.run.id} stopped: ${printable(result.outcome.error ?? 'a stage failed')}`);
    lines.push(`  Nothing done so far is lost. Continue with: ${pc.bold(resumeCommand(result.run.id, result.plan, where.startsWith('workspace') || where === '.' ? '' : ` --project ${where}`))}`);
  }
  const unpriced = state.unpricedCalls > 0 ? ` (+${plural(state.unpricedCalls, 'call')} to models with no known price)` : '';
  lines.push(`  cost:      ${displayUsd(state.cost)}${unpriced}   breakdown: atelier cost ${result.run.id}`);
  if (state.tests) {
    const rounds = state.tests.fixRounds > 0 ? ` after ${state.tests.fixRounds} fix round${state.tests.fixRounds === 1 ? '' : 's'}` : '';
    lines.push(
      state.tests.testsPass
        ? `  tests: ${pc.green('pass')}${rounds} (see docs/test_report.md)`
        : `  tests: ${pc.red('FAIL')}${rounds}: ${state.tests.summary} (see docs/test_report.md)`,
    );
  } else if (state.testStatus) {
    lines.push(`  tests: ${state.testStatus === 'pass' ? pc.green('pass') : pc.red(state.testStatus)} (see docs/test_report.md)`);
  }
  // Feedback a role had for a document a person approves: said here, not only in `show`.
  for (const stage of state.stages.values()) {
    for (const note of (stage.messages ?? []).filter((m) => m.forPerson)) lines.push(`  ${pc.yellow('note for you')} from ${stage.id} on ${note.document} v${note.version}: ${printable(note.content.split('\n')[0] ?? '')}`);
  }
  for (const refused of state.refused) lines.push(`  ${pc.yellow('refused')} ${refused}`);
  for (const warning of new Set(state.warnings)) lines.push(`  ${pc.yellow('warning')} ${warning}`);
  lines.push(`  project:   ${where}`, `  documents: ${where}/docs/`, `  details:   atelier show ${result.run.id}`);
  out.write(`${lines.join('\n')}\n`);
}

/**
 * A parked run: what waits, and the commands that go on. A document up for approval is read in
 * docs/ and approved or sent back; anything else waits for `resume`.
 */
function howToContinue(result: RunResult, state?: ProgressView['state']): string[] {
  const id = result.run.id;
  const lines = [`run ${id} is waiting: ${printable(result.outcome.error ?? 'a stage waits')}`, 'Nothing is running and nothing is lost.'];
  const where = relative(process.cwd(), result.projectDir) || '.';
  const project = where.startsWith('workspace') || where === '.' ? '' : ` --project ${where}`;
  const asking = [...(state?.stages.values() ?? [])].filter((stage) => stage.questions?.status === 'asked');
  if (/waiting for answers to /.test(result.outcome.error ?? '')) {
    for (const stage of asking) {
      lines.push(`${stage.roleName} asks (about ${stage.questions!.name} v${stage.questions!.version}):`, ...stage.questions!.questions.map((q, i) => `  ${i + 1}. ${printable(q)}`));
    }
    const stageFlag = asking.length > 1 ? ' --stage STAGE' : '';
    lines.push(`Answer with: atelier answer ${id}${project}${stageFlag} --answer "1=…" [--answer "2=…"]   (or --answers FILE, a line N=… each; a question left out is left to the role)`);
    if (!/waiting for approval of /.test(result.outcome.error ?? '')) return lines;
  }
  if (!/waiting for approval of /.test(result.outcome.error ?? '')) return [...lines, `Continue with: ${resumeCommand(id, result.plan)}`];
  // The outcome names each waiting stage ("write_prd: waiting for approval of prd v1; …").
  const waiting = [...(result.outcome.error ?? '').matchAll(/(?:^|; )([\w-]+): waiting for approval of /g)].map((match) => match[1]!);
  const stage = (id: string) => (waiting.length > 1 ? ` --stage ${id}` : '');
  // A replayed run can only be approved: its recording holds no answer for a changed document.
  const replay = result.plan.options.modelSettings?.replay !== undefined;
  const files = waiting.flatMap((s) => {
    const output = result.plan.workflow.stages.find((planned) => planned.id === s)?.output;
    return output ? [`${where}/${documentFileName(output)}`] : [];
  });
  return [
    ...lines,
    `Read ${files.length > 0 ? files.join(', ') : `${waiting.length > 1 ? 'them' : 'it'} in ${where}/docs/`}, then:`,
    ...(waiting.length > 0 ? waiting : ['']).flatMap((s) => [
      `  approve:          atelier approve ${id}${project}${stage(s)} [--comment TEXT]`,
      ...(replay
        ? []
        : [
            `  ask for changes:  atelier reject ${id}${project}${stage(s)} --feedback "what to change"`,
            `  your own version: atelier show ${id}${project} --document ${result.plan.workflow.stages.find((planned) => planned.id === s)?.output ?? 'NAME'} > FILE, edit it, then atelier approve ${id}${project}${stage(s)} --edited FILE`,
          ]),
    ]),
  ];
}

