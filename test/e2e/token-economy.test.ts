import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runTodoScenario } from '../support/scenarios/run-scenario.js';
import { runCli } from '../support/run-cli.js';

const costJson = z.object({
  cacheSharePercent: z.number(),
  delivered: z.object({ lines: z.number(), files: z.number(), tokensPerLine: z.number(), notCounted: z.array(z.object({ path: z.string(), reason: z.string() })) }).passthrough(),
});

describe('token economy, seen by a user', () => {
  it('sends each schema once on an enforcing endpoint, and `cost` shows the prompt-cache share and tokens per delivered line', { timeout: 240_000 }, async () => {
    const run = await runTodoScenario({}, { schemaEnforced: true });
    expect(run.result.code).toBe(0);

    // The schema travels as response_format only: no prompt repeats it.
    const withFormat = run.server.requests.filter((req) => req.responseFormat !== undefined);
    expect(withFormat.length).toBeGreaterThan(0);
    for (const req of run.server.requests) {
      expect(JSON.stringify(req.messages)).not.toContain('that conforms to this JSON Schema:');
    }
    // Every call opens with the same company system prompt; the engineer's tasks and reviews share their first message too.
    expect(new Set(run.server.requests.map((req) => req.system)).size).toBe(1);
    const firstOf = (marker: string) => new Set(run.server.requests.filter((req) => req.messages.some((m) => m.content.includes(marker))).map((req) => req.messages[0]?.content));
    expect(firstOf('Your answer is the document "review_T').size).toBe(1);

    const text = await runCli(['cost', run.runId, '--project', run.project], { cwd: run.cwd, env: run.env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\d+%, from the provider's prompt cache/);
    expect(text.stdout).toMatch(/delivered \d+ lines/);
    expect(text.stdout).toMatch(/tokens per line/);

    const json = costJson.parse(JSON.parse((await runCli(['cost', run.runId, '--project', run.project, '--json'], { cwd: run.cwd, env: run.env })).stdout));
    // The fake server caches prefixes as the hosted APIs do: a fixed layout makes a real share of the prompt reusable.
    expect(json.cacheSharePercent).toBeGreaterThan(20);
    expect(json.delivered.lines).toBeGreaterThan(100);
    expect(json.delivered.tokensPerLine).toBeGreaterThan(0);

    // Generated code may leave a delivered path as a link to a device or as a FIFO: cost neither hangs nor counts them.
    const cli = join(run.project, 'src', 'cli.js');
    const store = join(run.project, 'src', 'todo-store.js');
    rmSync(cli);
    symlinkSync('/dev/zero', cli);
    rmSync(store);
    execFileSync('mkfifo', [store]);
    const after = costJson.parse(JSON.parse((await runCli(['cost', run.runId, '--project', run.project, '--json'], { cwd: run.cwd, env: run.env })).stdout));
    expect(after.delivered.files).toBe(json.delivered.files - 2);
    expect(json.delivered.notCounted).toEqual([]);
    expect(after.delivered.notCounted).toEqual(
      expect.arrayContaining([
        { path: 'src/cli.js', reason: 'symbolic link' },
        { path: 'src/todo-store.js', reason: 'not a regular file' },
      ]),
    );
    const said = await runCli(['cost', run.runId, '--project', run.project], { cwd: run.cwd, env: run.env });
    expect(said.stdout).toMatch(/not counted as delivered: .*src\/cli\.js \(symbolic link\)/);
    expect(after.delivered.lines).toBeLessThan(json.delivered.lines);
  });
});
