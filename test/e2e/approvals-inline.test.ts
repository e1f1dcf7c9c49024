import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLI, cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA } from '../support/scenarios/todo-cli.js';

const SCRIPT = '/usr/bin/script';
const cassette = new URL('../../examples/demo/todo-cli.cassette.json', import.meta.url).pathname;

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** The CLI in a real pseudo-terminal (util-linux `script`), typing `typed` at it; its exit code and all it printed. */
function inTerminal(args: string[], typed: string, cwd: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { cwd, env: { ...cleanEnv(), TERM: 'dumb', COLUMNS: '120', LINES: '40' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(typed);
  });
}

const approvalsSchema = z.object({ run: z.looseObject({ status: z.string() }), approvals: z.array(z.looseObject({ status: z.string(), comment: z.string().optional() })) });

describe.skipIf(!existsSync(SCRIPT))('approval points at a terminal (inline)', () => {
  it('asks at the terminal; approving there continues the run to the end, with the comment kept', { timeout: 180_000 }, async () => {
    const cwd = tempDir();
    const { code, output } = await inTerminal(['run', '--idea', TODO_CLI_IDEA, '--replay', cassette, '--project', 'todo', '--approve', 'after_prd'], 'a\nlooks right\n', cwd);
    expect(output).toContain('waits for your approval: read todo/docs/prd.md');
    expect(output).toContain('[a] approve   [r] request changes   [s] stop here and decide later');
    expect(code, output.slice(-2_000)).toBe(0);
    const runId = /run (r-[0-9a-f]+) finished/.exec(output)?.[1] ?? '';
    const shown = approvalsSchema.parse(JSON.parse((await runCli(['show', runId, '--project', 'todo', '--json'], { cwd, env: cleanEnv() })).stdout));
    expect(shown.run.status).toBe('succeeded');
    expect(shown.approvals).toEqual([expect.objectContaining({ status: 'granted', comment: 'looks right' })]);
  });

  it('stops when told to, parked with exit 3, and a later approve goes on', { timeout: 180_000 }, async () => {
    const cwd = tempDir();
    const { code, output } = await inTerminal(['run', '--idea', TODO_CLI_IDEA, '--replay', cassette, '--project', 'todo', '--approve', 'after_prd'], 's\n', cwd);
    expect(code, output.slice(-2_000)).toBe(3);
    const runId = /run (r-[0-9a-f]+) is waiting/.exec(output)?.[1] ?? '';
    expect((await runCli(['approve', runId, '--project', 'todo'], { cwd, env: cleanEnv() })).code).toBe(0);
  });
});
