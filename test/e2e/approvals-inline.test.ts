import { spawn } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLI, cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { startFakeLlmServer } from '../support/fake-llm-server.js';
import { readDoc } from './e2e-helpers.js';

/**
 * An "editor" that edits as a person might, one try per call: first YAML that does not parse,
 * then a document without its user stories, then the original with one goal reworded.
 */
const EDITOR_SCRIPT = `#!/bin/sh
n=$(cat "$EDIT_COUNTER" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$EDIT_COUNTER"
case $n in
1) cp "$1" "$1.orig"; echo 'product_goals: [unclosed' >> "$1";;
2) sed '/^user_stories:/,/^[a-z_]*:/{/^user_stories:/d;/^  - /d}' "$1.orig" > "$1";;
*) sed 's/Capture, review and finish todos/Capture, review, tag and finish todos/' "$1.orig" > "$1";;
esac
`;

const SCRIPT = '/usr/bin/script';
const cassette = new URL('../../examples/demo/todo-cli.cassette.json', import.meta.url).pathname;

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** The CLI in a real pseudo-terminal (util-linux `script`), typing `typed` at it; its exit code and all it printed. */
function inTerminal(args: string[], typed: string, cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { cwd, env: { ...cleanEnv(env), TERM: 'dumb', COLUMNS: '120', LINES: '40' }, stdio: ['pipe', 'pipe', 'pipe'] });
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
    // A replayed run can only be approved: its recording holds no answer for a changed document.
    expect(output).toContain('[a] approve   [s] stop here and decide later');
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
    expect(output).toContain(`Stopped; the run waits. Decide later: atelier approve ${runId}`);
    expect((await runCli(['approve', runId, '--project', 'todo'], { cwd, env: cleanEnv() })).code).toBe(0);
  });

  it('edits the document in $EDITOR: unreadable and invalid edits are said and reopened, the valid edit is approved and built on', { timeout: 240_000 }, async () => {
    const server = await startFakeLlmServer({ responder: todoCliResponder() });
    try {
      const cwd = tempDir();
      const editor = `${cwd}/fake-editor.sh`;
      writeFileSync(editor, EDITOR_SCRIPT);
      chmodSync(editor, 0o755);
      const env = { OPENAI_BASE_URL: server.url, EDITOR: editor, EDIT_COUNTER: `${cwd}/edits` };
      const { code, output } = await inTerminal(['run', '--idea', TODO_CLI_IDEA, '--model', 'scripted', '--project', 'todo', '--approve', 'after_prd'], 'e\ne\n\ne\nmy wording\n', cwd, env);
      expect(output).toContain('[a] approve   [r] request changes   [e] edit it in $EDITOR   [s] stop here and decide later');
      expect(output).toContain('Your edit cannot be read: it is not valid YAML');
      expect(output).toContain('your edit of prd v1 is not a valid document, so nothing was recorded:');
      expect(output).toContain('Press e to fix your edit');
      expect(code, output.slice(-2_000)).toBe(0);
      const runId = /run (r-[0-9a-f]+) finished/.exec(output)?.[1] ?? '';
      const shown = approvalsSchema.parse(JSON.parse((await runCli(['show', runId, '--project', 'todo', '--json'], { cwd, env: cleanEnv() })).stdout));
      expect(shown.approvals).toEqual([expect.objectContaining({ status: 'granted', version: 2, edited: true, comment: 'my wording' })]);
      expect(readDoc(`${cwd}/todo`, 'prd')).toContain('Capture, review, tag and finish todos');
    } finally {
      await server.close();
    }
  });
});
