import { printable } from '../observe/printable.js';
import pc from 'picocolors';
import type { EventRecord } from '../store/store.js';
import type { RunPlan } from '../engine/index.js';
import { formatDuration, formatTokens, statusMark } from './format.js';
import { RunState, type StageView } from '../engine/run-state.js';
import { plural } from '../observe/plural.js';

export interface ProgressView {
  onEvent(event: EventRecord): void;
  stop(): void;
  state: RunState;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A stage tree redrawn in place (TTY): role, elapsed time, tokens, the tasks of a fan-out. */
export function createLiveView(plan: RunPlan, runId: string, out: NodeJS.WriteStream): ProgressView {
  const state = new RunState(plan);
  let frame = 0;
  let drawnLines = 0;

  const render = (): string[] => {
    const now = Date.now();
    const lines = [`${pc.bold('atelier')} · run ${pc.cyan(runId)} · ${plan.workflow.id} · ${state.model}`];
    for (const stage of state.stages.values()) {
      const mark = stage.status === 'running' ? pc.cyan(SPINNER[frame % SPINNER.length]!) : statusMark[stage.status];
      const elapsed = stage.startedAt ? formatDuration((stage.finishedAt ?? now) - stage.startedAt) : '';
      const detail = stage.status === 'failed' ? pc.red(stage.error ?? '') : stage.status === 'done' ? pc.dim(stage.document ?? '') : '';
      const model = stageModel(stage).slice(0, 30);
      lines.push(`  ${mark} ${stage.id.padEnd(24)} ${pc.dim(stage.roleName.padEnd(18))} ${pc.dim(model.padEnd(30))} ${elapsed.padStart(7)} ${(stage.tokens ? formatTokens(stage.tokens) : '').padStart(10)}  ${detail}`);
      if (stage.status !== 'running') continue;
      for (const task of stage.tasks) {
        const taskElapsed = formatDuration((task.finishedAt ?? now) - task.startedAt);
        const by = task.roleName ? pc.dim(`  ${task.roleName}`) : '';
        lines.push(`      ${statusMark[task.status]} ${task.id.padEnd(5)} ${task.title.slice(0, 50).padEnd(50)} ${pc.dim(taskElapsed)}${by}`);
      }
    }
    const fixes = state.fixRounds > 0 ? ` · fix round ${state.fixRounds}` : '';
    lines.push(pc.dim(`  ${plural(state.writes, 'file')} · ${plural(state.commits.length, 'commit')} · ${formatTokens(state.totalTokens())}${fixes}`));
    return lines;
  };

  const draw = (): void => {
    // A wrapped line would throw the cursor arithmetic off, so every line fits the terminal.
    const width = Math.max(20, (out.columns ?? 120) - 1);
    const lines = render().map((line) => fitToWidth(line, width));
    let text = drawnLines > 0 ? `\x1b[${drawnLines}A` : '';
    text += lines.map((line) => `\x1b[2K${line}`).join('\n') + '\n\x1b[0J';
    out.write(text);
    drawnLines = lines.length;
    frame++;
  };

  const timer = setInterval(draw, 120);
  timer.unref();
  return {
    state,
    onEvent: (event) => {
      state.apply(event);
      if (event.type === 'sandbox.warning' || event.type === 'llm.budget.unpriced' || event.type === 'run.warning') {
        out.write(`\x1b[${drawnLines}A\x1b[0J${pc.yellow(`warning: ${String(event.payload.warning)}`)}\n`);
        drawnLines = 0;
      }
      if (event.type === 'file.refused') {
        out.write(`\x1b[${drawnLines}A\x1b[0J${pc.yellow(`refused: ${String(event.payload.message)}`)}\n`);
        drawnLines = 0;
      }
    },
    stop: () => {
      clearInterval(timer);
      draw();
    },
  };
}

/** The model a stage row names: the one that answered its latest call, else the one it was given. */
function stageModel(stage: StageView): string {
  const answered = stage.answeredBy.at(-1);
  if (answered === undefined) return stage.model ?? '';
  // The provider is the run's header; the column has room for the model's own id.
  const colon = answered.indexOf(':');
  return colon > 0 ? answered.slice(colon + 1) : answered;
}

/** Cuts a line to `width` visible characters, keeping colour codes intact. */
export function fitToWidth(line: string, width: number): string {
  let visible = 0;
  let result = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\x1b') {
      const end = line.indexOf('m', i);
      if (end !== -1) {
        result += line.slice(i, end + 1);
        i = end;
        continue;
      }
    }
    if (visible === width) return `${result}\x1b[0m`;
    result += line[i];
    visible++;
  }
  return result;
}

/** One line per event: for pipes, CI logs and `--json` (one JSON object per line). */
export function createLineView(plan: RunPlan, out: NodeJS.WritableStream, json: boolean): ProgressView {
  const state = new RunState(plan);
  const said = new Set<string>();
  return {
    state,
    onEvent: (event) => {
      state.apply(event);
      if (json) {
        out.write(`${JSON.stringify(event)}\n`);
        return;
      }
      const line = describeEvent(event, said);
      // Titles, errors and feedback come from a model: printable only.
      if (line) out.write(`${event.at.slice(11, 19)} ${printable(line)}\n`);
    },
    stop: () => undefined,
  };
}

/**
 * A failure is printed in full once, where it first happens; the retries, the stage and the run
 * that it then fails only point back to it (the summary prints it once more at the end).
 */
function once(said: Set<string>, error: unknown, first: (text: string) => string, again: string): string {
  const text = String(error);
  if (said.has(text)) return again;
  said.add(text);
  return first(text);
}

function describeEvent(event: EventRecord, said: Set<string>): string | undefined {
  const p = event.payload;
  const where = [event.stageId, event.taskId].filter(Boolean).join('/');
  switch (event.type) {
    case 'run.started':
    case 'run.resumed':
      return `${event.type === 'run.started' ? 'run started' : 'run resumed'}: ${String(p.workflow)} with ${String(p.provider)}:${String(p.model)} in ${String(p.project)}`;
    case 'stage.started':
      return `${where} started (${String(p.roleName)}${typeof p.model === 'string' ? `, ${p.model}` : ''})`;
    case 'stage.finished':
      return `${where} done: ${String(p.path)} v${String(p.version)}`;
    case 'stage.failed':
      return once(said, p.error, (text) => `${where} FAILED: ${text}`, `${where} FAILED (the error above)`);
    case 'task.started':
      return `${where} started: ${String(p.title)}${typeof p.roleName === 'string' ? ` (${p.roleName})` : ''}`;
    case 'task.finished':
      return `${where} done: ${(p.files as string[] | undefined)?.join(', ') ?? ''}`;
    case 'task.failed':
      return once(said, p.error, (text) => `${where} FAILED: ${text}`, `${where} FAILED (the error above)`);
    case 'llm.call.finished': {
      const usage = p.usage as { inputTokens?: number; outputTokens?: number } | undefined;
      // The model that answered; when it is not the one asked (a gateway's choice, a backup's cached answer), both.
      const asked = typeof p.asked === 'string' ? ` for ${p.asked}` : '';
      return `${where} model ${String(p.model)} answered${asked} (${String(p.source)}, ${(usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0)} tokens, ${String(p.latencyMs)}ms)`;
    }
    case 'llm.model.selected': {
      // Said only when the budget traded the model selection would have chosen for another.
      const instead = p.insteadOf as { model?: unknown; reason?: unknown } | undefined;
      return instead ? `${where} model ${String(p.primary)} instead of ${String(instead.model)}: ${String(instead.reason)}` : undefined;
    }
    case 'llm.budget.unpriced':
      return `warning: ${String(p.warning)}`;
    case 'llm.repair':
      return `${where} answer sent back to fix: ${(p.problems as string[] | undefined)?.join('; ') ?? ''}`;
    case 'llm.call.failed':
      return once(said, p.error, (text) => `${where} model call failed: ${text}`, `${where} model call failed again (the same error)${p.willRetry === true ? ', retrying' : ''}`);
    case 'file.refused':
      return `${where} REFUSED ${String(p.message)}`;
    case 'test.result':
      return `${where} tests ${String(p.status)}: \`${String(p.command)}\` exited ${String(p.exitCode)}`;
    case 'sandbox.warning':
    case 'run.warning':
      return `warning: ${String(p.warning)}`;
    case 'task.reviewed':
      return `${where} review: ${p.verdict === 'approve' ? 'approved' : 'changes requested'} (round ${String(p.round)}, ${String(p.comments)} comments)`;
    case 'qa.tests.written':
      return `${where} QA wrote tests: ${(p.files as string[] | undefined)?.join(', ') ?? ''}`;
    case 'pipeline.step':
      return `${where} ${String(p.step)}: ${String(p.outcome)}${p.exitCode === null || p.exitCode === undefined ? '' : ` (exit ${String(p.exitCode)})`}`;
    case 'fix.round.started':
      return `${where} fix round ${String(p.round)} of ${String(p.maxRounds)}: ${(p.failing as string[] | undefined)?.join(', ') ?? ''}`;
    case 'fix.round.finished':
      return `${where} fix round ${String(p.round)}: ${String(p.outcome)}`;
    case 'run.stopped':
      return `run STOPPED (${String(p.reason)}): ${String(p.message)}`;
    case 'run.failed':
      return 'run FAILED (see below)';
    case 'run.finished':
      return 'run finished';
    case 'stage.parked':
      return `${where} waiting: ${String(p.reason)}`;
    case 'message.sent': {
      const first = String(p.content).split('\n')[0] ?? '';
      const to = p.forPerson === true ? `for you (a person approves it, so ${String(p.toStage)} does not revise it)` : `to ${String(p.toStage)}, which revises it`;
      return `${where} feedback on ${String(p.document)} v${String(p.version)} ${to}: ${first.length > 160 ? `${first.slice(0, 160)}…` : first}`;
    }
    case 'run.parked':
      return `run PARKED: ${(p.reasons as string[] | undefined)?.join('; ') ?? ''}`;
    default:
      return undefined;
  }
}
