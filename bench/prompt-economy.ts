// What a scripted run sends its models: prompt text, the share of it a provider's prompt cache
// could serve (a prefix sent earlier in the run), and tokens per delivered line, for each
// scripted scenario. Runs the built CLI against the fake server. `npx tsx bench/prompt-economy.ts --json`
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FakeChatRequest } from '../test/support/fake-llm-types.js';
import { isLockfile } from '../src/workspace/lockfiles.js';
import { runCli } from '../test/support/run-cli.js';
import { pickyReviewer, fixingEngineer } from '../test/support/scenarios/buggy-todo-cli.js';
import { bookmarksApiScenario } from '../test/support/scenarios/bookmarks-api.js';
import { fixingBookmarksEngineer } from '../test/support/scenarios/bookmarks-api-bugs.js';
import { userNpmCache } from '../test/support/scenarios/bookmarks-api-offline.js';
import { expenseTrackerScenario } from '../test/support/scenarios/expense-tracker.js';
import { webGameScenario } from '../test/support/scenarios/web-game.js';
import { diagonalFixingEngineer } from '../test/support/scenarios/web-game-bugs.js';
import { floatFixingEngineer } from '../test/support/scenarios/expense-tracker-bugs.js';
import { runScenario } from '../test/support/scenarios/run-scenario.js';
import type { ScenarioOverride, ScriptedScenario } from '../test/support/scenarios/scripted-scenario.js';
import { todoCliScenario } from '../test/support/scenarios/todo-cli.js';

/** `hosted`: an endpoint known to show the model its response_format schema (the hosted APIs); `unknown`: any other, which gets the schema in the prompt too. */
export type Endpoint = 'hosted' | 'unknown';

export interface EconomyFigures {
  scenario: string;
  endpoint: Endpoint;
  calls: number;
  /** System prompt and messages of every request, in characters. */
  promptChars: number;
  /** The JSON schemas sent as `response_format`, in characters (input tokens too). */
  responseFormatChars: number;
  /** Of `promptChars`, the share that is a prefix of an earlier request of the run. */
  prefixShare: number;
  inputTokens: number;
  outputTokens: number;
  /** Lines of the delivered project's code and tests (not the rendered documents). */
  deliveredLines: number;
  tokensPerLine: number;
  /** The largest single prompt, in characters, and what asked it. */
  largestPrompt: { chars: number; name: string };
}

/** The text a provider's prefix cache sees, in the order it is sent: system, then each turn. */
function promptText(request: FakeChatRequest): string {
  return [request.system, ...request.messages.map((message) => `${message.role}\n${message.content}`)].join('\n\n');
}

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Non-blank lines of every tracked file but Atelier's own documents and state. */
function deliveredLines(project: string): number {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: project, encoding: 'utf8' }).split('\0').filter(Boolean);
  let lines = 0;
  for (const file of files) {
    // As `atelier cost` counts them: no documents, no lockfile, no build output the last commit kept.
    if (file.startsWith('docs/') || file.startsWith('.atelier') || file === '.gitignore' || file.startsWith('dist/') || isLockfile(file)) continue;
    const text = execFileSync('git', ['show', `HEAD:${file}`], { cwd: project, encoding: 'utf8' });
    lines += text.split('\n').filter((line) => line.trim() !== '').length;
  }
  return lines;
}

/** A scripted scenario and the answers that make a variant of it (a bug a review catches, a fix round). */
export interface EconomyScenario {
  scenario: ScriptedScenario;
  overrides: Record<string, ScenarioOverride>;
  /** Variables the run needs (an npm cache to install from offline). */
  env?: Record<string, string>;
}

export async function measureScenario(scenario: string, variant: EconomyScenario, endpoint: Endpoint): Promise<EconomyFigures> {
  const run = await runScenario(variant.scenario, variant.overrides, { schemaEnforced: endpoint === 'hosted', ...(variant.env ? { env: variant.env } : {}) });
  try {
    if (run.result.code !== 0) throw new Error(`the ${scenario} run failed (exit ${run.result.code}):\n${run.result.stderr}`);
    const texts = run.server.requests.map(promptText);
    let promptChars = 0;
    let prefixChars = 0;
    let largest = { chars: 0, name: '' };
    texts.forEach((text, index) => {
      promptChars += text.length;
      let best = 0;
      for (let earlier = 0; earlier < index; earlier++) best = Math.max(best, commonPrefix(text, texts[earlier]!));
      prefixChars += best;
      if (text.length > largest.chars) largest = { chars: text.length, name: run.asked[index] ?? `request ${index}` };
    });
    const responseFormatChars = run.server.requests.reduce((sum, request) => sum + (request.responseFormat ? JSON.stringify(request.responseFormat).length : 0), 0);
    const cost = await runCli(['cost', run.runId, '--json'], { cwd: run.cwd, env: run.env });
    if (cost.code !== 0) throw new Error(`atelier cost failed: ${cost.stderr}`);
    const totals = (JSON.parse(cost.stdout) as { total: { inputTokens: number; outputTokens: number } }).total;
    const lines = deliveredLines(run.project);
    return {
      scenario,
      endpoint,
      calls: run.server.requests.length,
      promptChars,
      responseFormatChars,
      prefixShare: Number((prefixChars / promptChars).toFixed(3)),
      inputTokens: totals.inputTokens,
      outputTokens: totals.outputTokens,
      deliveredLines: lines,
      tokensPerLine: Number(((totals.inputTokens + totals.outputTokens) / lines).toFixed(1)),
      largestPrompt: largest,
    };
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
}

/**
 * Every scripted scenario: the todo CLI, the same with a bug a review catches and with a fix
 * round that repairs one, and the scenarios of the other stacks.
 */
export const SCENARIOS: Record<string, EconomyScenario> = {
  'todo-cli': { scenario: todoCliScenario, overrides: {} },
  'todo-cli-review-rework': { scenario: todoCliScenario, overrides: pickyReviewer },
  'todo-cli-fix-round': { scenario: todoCliScenario, overrides: fixingEngineer },
  'python-expenses': { scenario: expenseTrackerScenario, overrides: {} },
  'python-expenses-fix-round': { scenario: expenseTrackerScenario, overrides: floatFixingEngineer },
  'ts-bookmarks': { scenario: bookmarksApiScenario, overrides: {}, env: offlineNpm() },
  'ts-bookmarks-fix-round': { scenario: bookmarksApiScenario, overrides: fixingBookmarksEngineer, env: offlineNpm() },
  'browser-game': { scenario: webGameScenario, overrides: {} },
  'browser-game-fix-round': { scenario: webGameScenario, overrides: diagonalFixingEngineer },
};

/** The TypeScript scenario installs its dev dependencies offline, from the cache this repository's `npm ci` filled. */
function offlineNpm(): Record<string, string> {
  const cache = userNpmCache();
  return cache ? { ATELIER_OFFLINE_NPM_CACHE: cache } : {};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results: EconomyFigures[] = [];
  for (const endpoint of ['hosted', 'unknown'] as const) {
    for (const [name, variant] of Object.entries(SCENARIOS)) results.push(await measureScenario(name, variant, endpoint));
  }
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } else {
    for (const r of results) {
      process.stdout.write(
        `${r.scenario} (${r.endpoint} endpoint): ${r.calls} calls, prompts ${r.promptChars} chars (+${r.responseFormatChars} as response_format), ` +
          `${(r.prefixShare * 100).toFixed(1)}% a prefix sent earlier, ${r.inputTokens} in / ${r.outputTokens} out tokens, ` +
          `${r.deliveredLines} lines delivered, ${r.tokensPerLine} tokens per line; largest prompt ${r.largestPrompt.chars} (${r.largestPrompt.name})\n`,
      );
    }
  }
}
