// The model layer's cost per call over the bare AI SDK: `npx tsx bench/model-overhead.ts [--calls 400] --json`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { jsonSchema, Output, streamText } from 'ai';
import { answerJsonSchema, withAnswerFormat } from '../src/llm/answer-format.js';
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test';
import { z } from 'zod';
import { createLanguageModel } from '../src/llm/create-language-model.js';
import { BudgetGuard } from '../src/llm/budget.js';
import { snapshotCatalog } from '../src/llm/catalog/catalog-cache.js';
import { buildCandidates } from '../src/llm/catalog/model-candidates.js';
import { createLlmClient } from '../src/llm/llm-client.js';
import { ModelRouter } from '../src/llm/model-router.js';
import type { ProviderEndpoint } from '../src/llm/providers.js';
import { RateLimiter } from '../src/llm/rate-limiter.js';
import { parseUsd } from '../src/llm/usd.js';
import { openSqliteStore } from '../src/store/index.js';
import { startFakeLlmServer } from '../test/support/fake-llm-server.js';
import { median, percentile } from './stats.js';

const schema = z.object({ title: z.string(), features: z.array(z.object({ name: z.string(), priority: z.enum(['must', 'should', 'could']) })).min(1) });
const answer = JSON.stringify({ title: 'Reading list', features: [{ name: 'add a book', priority: 'must' }, { name: 'list books', priority: 'should' }] });
const system = `You are the product manager.\n${'Write requirements that are specific, testable and short. '.repeat(60)}`;

type StreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;

/** A model that answers at once, so what is timed is the model layer alone. */
function instantModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: 'bench',
    modelId: 'instant',
    doStream: async () => ({
      stream: convertArrayToReadableStream<StreamPart>([
        { type: 'stream-start', warnings: [] },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: answer },
        { type: 'text-end', id: 't' },
        {
          type: 'finish',
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: { inputTokens: { total: 900, noCache: 900, cacheRead: 0, cacheWrite: undefined }, outputTokens: { total: 40, text: 40, reasoning: undefined } },
        },
      ]),
    }),
  });
}

export interface OverheadResult {
  calls: number;
  layerOnly: { p50: number; p95: number };
  fakeServer: { layerP50: number; layerP95: number; bareSdkP50: number; bareSdkP95: number };
  /** p50 over calls of (through the layer to the fake server − the bare AI SDK call made right after it), in ms. */
  modelLayerOverheadMs: number;
}

/**
 * The model layer's own cost per call: selection from the bundled catalog, rate limiter,
 * budget guard, request hashing, response cache and ledger in SQLite, validation. Measured
 * twice: with a model that answers instantly (the layer alone), and against the fake server
 * with zero latency, next to the bare AI SDK call to the same server. The overhead is taken
 * pair by pair (each layer call and the bare call after it), so a change in the machine's load
 * shifts both halves of a pair alike instead of the two medians apart.
 */
export async function measureOverhead(calls = 400): Promise<OverheadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'atelier-bench-'));
  const store = await openSqliteStore(join(dir, 'bench.db'));
  const server = await startFakeLlmServer({ responder: () => ({ kind: 'text', content: answer, usage: { inputTokens: 900, outputTokens: 40 } }) });
  try {
    await store.upsertProject({ id: 'bench', name: 'bench', root: dir });
    for (const id of ['bench-instant', 'bench-server']) await store.createRun({ id, projectId: 'bench', idea: 'bench', workflowId: 'bench', status: 'running', plan: {}, error: null });
    const openrouter: ProviderEndpoint = { name: 'openrouter', type: 'openrouter', baseUrl: server.url, apiKey: 'bench-key-0000000000', structuredOutputs: true, schemaEnforced: false, modelRateLimits: {}, rateLimit: { concurrency: 8, rpm: 100_000 } };
    const candidates = buildCandidates([openrouter], { openrouter: snapshotCatalog(), listed: new Map(), unreachable: new Map() });
    const client = (model: 'instant' | 'server') =>
      createLlmClient({
        router: new ModelRouter({ providers: [openrouter], candidates, ...(model === 'instant' ? { createModel: () => instantModel() } : { createModel: createLanguageModel }) }),
        store,
        rateLimiter: new RateLimiter(),
        budget: new BudgetGuard(parseUsd('1000'), (runId) => store.listModelCalls(runId)),
      });
    /** Times the runners in turn, call by call, so drift in the machine's load affects each alike. */
    const timeInTurn = async (runners: ((i: number) => Promise<unknown>)[]): Promise<number[][]> => {
      for (let i = 0; i < 20; i++) for (const run of runners) await run(-1 - i); // warm-up: JIT, connections, prepared statements
      const samples = runners.map((): number[] => []);
      for (let i = 0; i < calls; i++) {
        for (const [index, run] of runners.entries()) {
          const started = performance.now();
          await run(i);
          samples[index]!.push(performance.now() - started);
        }
      }
      return samples;
    };
    const call = (llm: ReturnType<typeof client>, tag: string) => (i: number) =>
      llm.generateStructured({
        context: { runId: `bench-${tag}`, stageId: 'write_prd', role: 'product_manager', label: 'stage "write_prd"' },
        system,
        // A different request each time: no call is answered from the cache.
        messages: [{ role: 'user', content: `Idea #${i}: a CLI that tracks my reading list.` }],
        schema,
        schemaName: 'prd',
      });
    const bareModel = createLanguageModel({ provider: 'openrouter', baseUrl: server.url, apiKey: 'bench-key-0000000000', model: 'anthropic/claude-sonnet-4.5', structuredOutputs: true });
    // The same request the layer sends to an endpoint not known to show the model its schema: the answer format closing the user turn, and the JSON schema.
    const format = { schemaName: 'prd', jsonSchema: answerJsonSchema(schema) };
    const bareCall = async (i: number) => {
      const result = streamText({
        model: bareModel,
        system,
        messages: withAnswerFormat([{ role: 'user', content: `Idea #${i}: a CLI that tracks my reading list.` }], format, false),
        output: Output.object({ schema: jsonSchema(format.jsonSchema), name: 'prd' }),
        maxRetries: 0,
      });
      await result.text;
    };
    const [layerOnly = [], layer = [], bare = []] = await timeInTurn([call(client('instant'), 'instant'), call(client('server'), 'server'), bareCall]);
    return {
      calls,
      layerOnly: { p50: percentile(layerOnly, 50), p95: percentile(layerOnly, 95) },
      fakeServer: { layerP50: percentile(layer, 50), layerP95: percentile(layer, 95), bareSdkP50: percentile(bare, 50), bareSdkP95: percentile(bare, 95) },
      modelLayerOverheadMs: median(layer.map((ms, i) => ms - bare[i]!)),
    };
  } finally {
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '400' }, json: { type: 'boolean', default: false } } });
  const result = await measureOverhead(Number(values.calls));
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
}
