import type { EventRecord } from '../store/store.js';
import type { RunPlan } from '../engine/run-plan.js';
import { parseUsd, ZERO_USD, type Usd } from '../llm/usd.js';

export interface TaskView {
  id: string;
  title: string;
  status: 'doing' | 'done' | 'failed';
  startedAt: number;
  finishedAt?: number;
}

export interface StageView {
  id: string;
  roleName: string;
  /** The model chosen for the stage, from `stage.started`. */
  model?: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  startedAt?: number;
  finishedAt?: number;
  tokens: number;
  calls: number;
  document?: string;
  error?: string;
  tasks: TaskView[];
}

/** The run as the views show it, folded from events only (the same events the store keeps). */
export class RunState {
  readonly stages = new Map<string, StageView>();
  model = '';
  files = 0;
  refused: string[] = [];
  commits = 0;
  warnings: string[] = [];
  testStatus?: string;
  /** The run's final verdict on the project's own tests, from `run.finished`. */
  tests?: { testsPass: boolean; fixRounds: number; summary: string };
  fixRounds = 0;
  /** Exact sum of the ledger's costs; calls to models with no known price are counted apart. */
  cost: Usd = ZERO_USD;
  unpricedCalls = 0;
  stopped?: string;

  constructor(plan: RunPlan) {
    for (const stage of plan.workflow.stages) {
      const role = plan.roles[stage.roleId];
      this.stages.set(stage.id, { id: stage.id, roleName: role?.displayName ?? stage.roleId, status: 'pending', tokens: 0, calls: 0, tasks: [] });
    }
  }

  apply(event: EventRecord): void {
    const at = Date.parse(event.at);
    const stage = event.stageId ? this.stages.get(event.stageId) : undefined;
    const p = event.payload;
    switch (event.type) {
      case 'run.started':
      case 'run.resumed':
        this.model = `${String(p.provider)}:${String(p.model)}`;
        break;
      case 'stage.started':
        if (stage) Object.assign(stage, { status: 'running', startedAt: at, finishedAt: undefined, error: undefined, model: typeof p.model === 'string' ? p.model : undefined });
        break;
      case 'stage.finished':
        if (stage) Object.assign(stage, { status: 'done', finishedAt: at, document: String(p.path ?? '') });
        break;
      case 'stage.failed':
        if (stage) Object.assign(stage, { status: 'failed', finishedAt: at, error: String(p.error ?? '') });
        break;
      case 'task.started':
        if (stage && event.taskId) {
          stage.tasks = stage.tasks.filter((t) => t.id !== event.taskId);
          stage.tasks.push({ id: event.taskId, title: String(p.title ?? ''), status: 'doing', startedAt: at });
        }
        break;
      case 'task.finished':
      case 'task.failed': {
        const task = stage?.tasks.find((t) => t.id === event.taskId);
        if (task) Object.assign(task, { status: event.type === 'task.finished' ? 'done' : 'failed', finishedAt: at });
        break;
      }
      case 'llm.call.finished': {
        const usage = p.usage as { inputTokens?: number; outputTokens?: number } | undefined;
        if (stage) {
          stage.tokens += (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0);
          stage.calls += 1;
        }
        if (typeof p.costUsd === 'string') this.cost += parseUsd(p.costUsd);
        else if (p.source === 'live') this.unpricedCalls += 1;
        break;
      }
      case 'file.written':
        this.files += 1;
        break;
      case 'file.refused':
        this.refused.push(`${String(p.path)} (${String(p.reason)})`);
        break;
      case 'git.commit':
        this.commits += 1;
        break;
      case 'sandbox.warning':
        this.warnings.push(String(p.warning));
        break;
      case 'test.result':
        this.testStatus = String(p.status);
        break;
      case 'fix.round.started':
        this.fixRounds = Math.max(this.fixRounds, Number(p.round ?? 0));
        break;
      case 'run.finished': {
        const tests = p.tests as { testsPass?: unknown; fixRounds?: unknown; summary?: unknown } | undefined;
        if (tests) this.tests = { testsPass: tests.testsPass === true, fixRounds: Number(tests.fixRounds ?? 0), summary: String(tests.summary ?? '') };
        break;
      }
      case 'run.stopped':
        this.stopped = String(p.message ?? '');
        break;
    }
  }

  totalTokens(): number {
    let total = 0;
    for (const stage of this.stages.values()) total += stage.tokens;
    return total;
  }
}
