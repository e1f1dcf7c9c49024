import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runTodoScenario } from '../support/scenarios/run-scenario.js';
import { runCli, tempDir } from '../support/run-cli.js';

const showJson = z.object({ contextLeftOut: z.array(z.object({ stageId: z.string().nullable(), label: z.string(), summary: z.string() })) });

describe('a role with a small context window, seen by a user', () => {
  it('gets a prompt packed to its budget, and `show` says what was left out', { timeout: 240_000 }, async () => {
    // The user's own tech writer: the built-in one, asking for a window of 2,500 tokens.
    const config = tempDir('atelier-config-');
    const builtin = readFileSync(join(import.meta.dirname, '..', '..', 'roles', 'tech_writer.yml'), 'utf8');
    expect(builtin).toContain('context_size: large');
    mkdirSync(join(config, 'atelier', 'roles'), { recursive: true });
    writeFileSync(join(config, 'atelier', 'roles', 'tech_writer.yml'), builtin.replace('context_size: large', 'context_size: 2500'));

    const run = await runTodoScenario({}, { env: { XDG_CONFIG_HOME: config } });
    try {
      expect(run.result.code, run.result.stderr).toBe(0);

      // Half the window is the prompt's budget: the writer's call fits it, every other role's is whole.
      const writer = run.server.requests.find((req) => req.messages.some((m) => m.content.includes('Your answer is the document "user_docs"')));
      expect(writer).toBeDefined();
      const writerChars = writer!.system.length + writer!.messages.reduce((sum, m) => sum + m.content.length, 0);
      expect(writerChars).toBeLessThan(2_500 * 2 * 4);
      // A document cut short says so where it stops, so the model knows it saw only part of it.
      const marker = "characters cut to fit the model's context";
      expect(writer!.messages.some((m) => m.content.includes(marker))).toBe(true);
      const others = run.server.requests.filter((req) => req !== writer);
      expect(others.some((req) => req.messages.some((m) => m.content.includes(marker)))).toBe(false);

      const text = await runCli(['show', run.runId, '--project', run.project], { cwd: run.cwd, env: run.env });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('context left out to fit the budget');
      expect(text.stdout).toMatch(/stage "write_user_docs": to fit \d+ tokens: (?:left out|cut)/);

      const json = showJson.parse(JSON.parse((await runCli(['show', run.runId, '--project', run.project, '--json'], { cwd: run.cwd, env: run.env })).stdout));
      expect(json.contextLeftOut.map((entry) => entry.stageId)).toEqual(['write_user_docs']);
    } finally {
      rmSync(run.cwd, { recursive: true, force: true });
      rmSync(config, { recursive: true, force: true });
    }
  });
});
