// `npx tsx bench/peers/peers.ts --concurrency 4 [--repeats 3]`: the makespan benchmark's 30-task DAG,
// against the same fake server, run by three peers of Atelier's engine. Prints one JSON line.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { Annotation, START, StateGraph } from '@langchain/langgraph';
import { generateText } from 'ai';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startFakeLlmServer } from '../../test/support/fake-llm-server.js';
import { criticalPath, taskPlan, type BenchTask } from '../parallel-makespan.js';
import { median } from '../stats.js';

interface PeerRun {
  tasks: readonly BenchTask[];
  concurrency: number;
  baseUrl: string;
  /** Every peer makes each task's model call through this, so one check covers all three. */
  perform(task: BenchTask, call: () => Promise<unknown>): Promise<void>;
}

type Peer = (run: PeerRun) => Promise<void>;

const prompt = (task: BenchTask): string => `Implement task ${task.id}.`;

/** One non-streaming OpenAI-style chat call, the smallest a task can cost on the wire. */
async function postChat(baseUrl: string, task: BenchTask): Promise<void> {
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'coder', messages: [{ role: 'user', content: prompt(task) }] }),
  });
  if (!response.ok) throw new Error(`${task.id}: HTTP ${response.status}: ${await response.text()}`);
  await response.json();
}

function dependentsOf(tasks: readonly BenchTask[]): Map<string, BenchTask[]> {
  const dependents = new Map<string, BenchTask[]>(tasks.map((task) => [task.id, []]));
  for (const task of tasks) for (const dep of task.dependsOn) dependents.get(dep)?.push(task);
  return dependents;
}

/** Each task's duration plus the longest chain of durations after it to the end of the DAG. */
function remainingChains(tasks: readonly BenchTask[], dependents: Map<string, BenchTask[]>): Map<string, number> {
  const chains = new Map<string, number>();
  // taskPlan() only links a task to earlier ones, so walking backwards sees every dependent first.
  for (const task of [...tasks].reverse()) {
    const after = (dependents.get(task.id) ?? []).map((dependent) => chains.get(dependent.id) ?? 0);
    chains.set(task.id, task.durationMs + Math.max(0, ...after));
  }
  return chains;
}

/** The limit: a list scheduler that gives each free slot to the ready task with the longest remaining chain. */
const plainFetch: Peer = ({ tasks, concurrency, baseUrl, perform }) => {
  const dependents = dependentsOf(tasks);
  const chains = remainingChains(tasks, dependents);
  const unmet = new Map(tasks.map((task) => [task.id, task.dependsOn.length]));
  const ready = tasks.filter((task) => task.dependsOn.length === 0);
  let running = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const start = (task: BenchTask): void => {
      running += 1;
      perform(task, () => postChat(baseUrl, task)).then(() => {
        running -= 1;
        finished += 1;
        for (const dependent of dependents.get(task.id) ?? []) {
          const left = (unmet.get(dependent.id) ?? 0) - 1;
          unmet.set(dependent.id, left);
          if (left === 0) ready.push(dependent);
        }
        if (finished === tasks.length) resolve();
        else fillSlots();
      }, reject);
    };
    const fillSlots = (): void => {
      ready.sort((a, b) => (chains.get(b.id) ?? 0) - (chains.get(a.id) ?? 0));
      while (running < concurrency) {
        const task = ready.shift();
        if (task === undefined) return;
        start(task);
      }
    };
    fillSlots();
  });
};

/** A counting semaphore whose waiters get the slots in the order they asked, like p-limit. */
function fifoLimit(slots: number): <T>(job: () => Promise<T>) => Promise<T> {
  let free = slots;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    }
  };
}

/** What a user of the bare AI SDK writes: each task awaits its dependencies, then queues for a slot. */
const aiSdkFifo: Peer = async ({ tasks, concurrency, baseUrl, perform }) => {
  const model = createOpenAICompatible({ baseURL: baseUrl, name: 'fake' }).chatModel('coder');
  const limit = fifoLimit(concurrency);
  const done = new Map<string, Promise<void>>();
  for (const task of tasks) {
    const dependencies = task.dependsOn.map((dep) => done.get(dep));
    done.set(
      task.id,
      Promise.all(dependencies).then(() => limit(() => perform(task, () => generateText({ model, prompt: prompt(task), maxRetries: 0 })))),
    );
  }
  await Promise.all(done.values());
};

/** The DAG as a LangGraph StateGraph: a node per task, a join edge for several dependencies. */
const langgraph: Peer = async ({ tasks, concurrency, baseUrl, perform }) => {
  const DagState = Annotation.Root({
    // Parallel nodes write in the same superstep, so the channel needs a reducer.
    finished: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
  });
  const builder = new StateGraph(DagState).addNode(
    tasks.map((task): [string, () => Promise<{ finished: string[] }>] => [
      task.id,
      async () => {
        await perform(task, () => postChat(baseUrl, task));
        return { finished: [task.id] };
      },
    ]),
  );
  for (const task of tasks) {
    const [only, ...more] = task.dependsOn;
    if (only === undefined) builder.addEdge(START, task.id);
    else if (more.length === 0) builder.addEdge(only, task.id);
    // A waiting edge: the node runs once, in the superstep after the last of its sources finishes.
    else builder.addEdge(task.dependsOn, task.id);
  }
  const { finished } = await builder.compile().invoke({}, {
    maxConcurrency: concurrency,
    // One superstep per task at most; the default of 25 could stop a deep plan.
    recursionLimit: tasks.length + 1,
  });
  if (finished.length !== tasks.length) throw new Error(`langgraph finished ${finished.length} of ${tasks.length} tasks`);
};

const PEERS = { plain_fetch: plainFetch, ai_sdk_fifo: aiSdkFifo, langgraph } satisfies Record<string, Peer>;
type PeerName = keyof typeof PEERS;

/** One timed run of a peer on a fresh fake server, checked for DAG order, request count and the concurrency cap. */
async function timeRun(peer: Peer, tasks: readonly BenchTask[], concurrency: number): Promise<{ makespanMs: number; maxInFlight: number }> {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const server = await startFakeLlmServer({
    responder: (req) => {
      const id = /task (T\d+)/.exec(req.messages[0]?.content ?? '')?.[1] ?? '';
      return { kind: 'text', content: '{"done":true}', usage: { inputTokens: 500, outputTokens: 5 }, delayMs: byId.get(id)?.durationMs ?? 0 };
    },
  });
  const finished = new Set<string>();
  const perform = async (task: BenchTask, call: () => Promise<unknown>): Promise<void> => {
    const early = task.dependsOn.find((dep) => !finished.has(dep));
    if (early !== undefined) throw new Error(`${task.id} started before its dependency ${early} finished`);
    await call();
    finished.add(task.id);
  };
  try {
    const started = performance.now();
    await peer({ tasks, concurrency, baseUrl: server.url, perform });
    const makespanMs = performance.now() - started;
    if (server.requests.length !== tasks.length) throw new Error(`${server.requests.length} model calls for ${tasks.length} tasks`);
    if (server.maxConcurrent > concurrency) throw new Error(`${server.maxConcurrent} calls in flight at once, over the limit of ${concurrency}`);
    return { makespanMs, maxInFlight: server.maxConcurrent };
  } finally {
    await server.close();
  }
}

const { values } = parseArgs({ options: { concurrency: { type: 'string', default: '4' }, repeats: { type: 'string', default: '3' } } });
const concurrency = Number(values.concurrency);
const repeats = Number(values.repeats);
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a positive integer, not ${values.concurrency}`);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a positive integer, not ${values.repeats}`);

const tasks = taskPlan();
const criticalPathMs = criticalPath(tasks);
const lowerBoundMs = Math.max(criticalPathMs, tasks.reduce((sum, task) => sum + task.durationMs, 0) / concurrency);

const names = Object.keys(PEERS) as PeerName[];
const samples = Object.fromEntries(names.map((name) => [name, [] as { makespanMs: number; maxInFlight: number }[]]));
// Round-robin over the peers, so a burst of load from elsewhere on the machine hits them all alike.
for (let round = 0; round < repeats; round++) {
  for (const name of names) samples[name]?.push(await timeRun(PEERS[name], tasks, concurrency));
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const peers = Object.fromEntries(
  names.map((name) => {
    const runs = samples[name] ?? [];
    const makespanMs = median(runs.map((run) => run.makespanMs));
    return [name, { makespanMs: round1(makespanMs), ratio: Math.round((makespanMs / lowerBoundMs) * 1000) / 1000, maxInFlight: Math.max(...runs.map((run) => run.maxInFlight)) }];
  }),
);
console.log(JSON.stringify({ concurrency, lowerBoundMs: round1(lowerBoundMs), criticalPathMs, repeats, peers }));
