import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeLlmServer, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA, todoCliResponder } from '../support/scenarios/todo-cli.js';
import { ALL_STANDARD_DOCUMENTS, docExists } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PRD_ONLY = 'name: PRD only\nstages:\n  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n';
const NOTICE = 'does not accept response_format: json_schema';

function place() {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'prd-only.yml'), PRD_ONLY);
  return cwd;
}

/** The request hash of each answered call, from a `--json` run's events. */
function requestHashes(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('"llm.call.finished"'))
    .map((line) => z.object({ payload: z.object({ requestHash: z.string() }) }).parse(JSON.parse(line)).payload.requestHash);
}

describe('response_format: json_schema to OpenAI-compatible endpoints', () => {
  it("is sent by default with the document's schema, and the prompt still carries the format", async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const cwd = place();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--model', 'scripted', '--project', 'todo'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [request] = server.requests;
    expect(request?.responseFormat).toMatchObject({ type: 'json_schema', json_schema: { name: 'prd', strict: false, schema: { type: 'object' } } });
    // An endpoint not known to show the model its response_format: the asking turn spells the schema out too.
    const asked = request?.messages.at(-1)?.content ?? '';
    expect(asked).toContain('## Answer format');
    expect(asked).toContain('"original_requirements"');
    expect(request?.system).not.toContain('"original_requirements"');
  });

  it('is sent once, as response_format only, to an endpoint configured as enforcing it; the answers and their hashes stay the same', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder() });
    const cwd = place();
    const prdOnly = ['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--model', 'scripted', '--json'];
    const plain = await runCli([...prdOnly, '--project', 'plain'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: server.url }) });
    expect(plain.code, plain.stderr).toBe(0);

    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  local:\n    base_url: ${server.url}\n    structured_outputs: enforced\n`);
    const enforced = await runCli([...prdOnly, '--project', 'enforced'], { cwd, env });
    expect(enforced.code, enforced.stderr).toBe(0);
    const [first, second] = server.requests;
    expect(second?.responseFormat).toMatchObject({ type: 'json_schema', json_schema: { name: 'prd' } });
    const asked = second?.messages.at(-1)?.content ?? '';
    expect(asked).toContain('conforms to the JSON Schema of the response format');
    expect(asked).not.toContain('"original_requirements"');
    expect(JSON.stringify(second?.messages).length).toBeLessThan(JSON.stringify(first?.messages).length - 3_000);
    expect(requestHashes(enforced.stdout)).toEqual(requestHashes(plain.stdout));
    expect(readFileSync(join(cwd, 'enforced', 'docs', 'prd.md'), 'utf8')).toContain('todo');
  });

  it('falls back to the prompt-only format when the endpoint refuses it, says so once, and remembers it for the endpoint', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder(), refuseResponseFormat: true });
    const cwd = place();
    const env = cleanEnv({ OPENAI_BASE_URL: server.url });
    const first = await runCli(['run', '--idea', TODO_CLI_IDEA, '--parallel', '--model', 'scripted', '--project', 'todo'], { cwd, env });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const name of ALL_STANDARD_DOCUMENTS) expect(docExists(join(cwd, 'todo'), name), name).toBe(true);
    // Only the very first request carried the schema; it was refused, and nothing after it carries one.
    expect(server.requests[0]?.responseFormat).toBeDefined();
    expect(server.requests.slice(1).every((req) => req.responseFormat === undefined)).toBe(true);
    expect(first.stdout.split(NOTICE).length - 1).toBe(1);
    expect(first.stdout).toMatch(new RegExp(`write_prd model call failed: .*${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${NOTICE}`));

    const cache = join(env.HOME!, '.cache', 'atelier', 'endpoint-formats.json');
    expect(existsSync(cache)).toBe(true);
    expect(JSON.parse(readFileSync(cache, 'utf8'))).toMatchObject({ version: 1, endpoints: { [server.url]: { responseFormat: 'refused' } } });

    // The next run knows: no refused request and no notice.
    const sentBefore = server.requests.length;
    const prdOnly = ['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--model', 'scripted', '--json'];
    const second = await runCli([...prdOnly, '--project', 'again'], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain(NOTICE);
    expect(server.requests.slice(sentBefore).map((req) => req.responseFormat)).toEqual([undefined]);

    // The format is not part of the request hash: an endpoint that takes the schema gets the same one.
    const accepting = await startFakeLlmServer({ responder: todoCliResponder() });
    try {
      const withSchema = await runCli([...prdOnly, '--project', 'other'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: accepting.url }) });
      expect(accepting.requests[0]?.responseFormat).toBeDefined();
      expect(requestHashes(withSchema.stdout)).toEqual(requestHashes(second.stdout));
    } finally {
      await accepting.close();
    }
  });

  it('is not sent to a provider configured with structured_outputs: false', async () => {
    server = await startFakeLlmServer({ responder: todoCliResponder(), models: [{ id: 'scripted' }] });
    const cwd = place();
    const env = cleanEnv();
    const dir = join(env.XDG_CONFIG_HOME!, 'atelier');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'atelier.config.yml'), `providers:\n  local:\n    base_url: ${server.url}\n    structured_outputs: false\nmodels:\n  default: scripted\n`);
    const result = await runCli(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'prd-only.yml', '--project', 'todo'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.map((req) => req.responseFormat)).toEqual([undefined]);
  });
});
