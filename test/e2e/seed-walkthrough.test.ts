import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadRoleFile, loadWorkflowFile } from '../../src/config/index.js';
import { startFakeLlmServer, type FakeChatRequest, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { atelier, copySecurityExamples, securityWorkflowResponder, userConfigDir } from './config-support.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The seed's walkthrough, word for word: its command names and flags. */
const CREATE_ROLE = [
  'create-role', 'security_expert', '--display-name', 'Security Expert',
  '--description', 'Performs comprehensive security analysis',
  '--prompt-file', 'examples/security/security_prompt.txt',
  '--sections', 'Executive Summary,Threat Model,Detailed Findings',
  '--required-pattern', 'OWASP', '--required-pattern', 'authentication', '--required-pattern', 'encryption',
];
const CREATE_WORKFLOW = [
  'create-workflow', 'security_focused', '--display-name', 'Security Focused Development',
  '--description', 'Prioritizes security in the SDLC',
  '--stages-file', 'examples/security/security_workflow_stages.yml',
];
const IDEA = 'a secure REST API for user management';

const SEED_NAMES = ['list-roles', 'create-role', 'export-role', 'import-role', 'list-workflows', 'set-workflow', 'create-workflow', 'export-workflow', 'import-workflow', 'list-models', 'update-config'];

describe("the seed's walkthrough, verbatim, in a fresh HOME", () => {
  it('creates the role and workflow over the built-in ones, shares them, and runs them against the fake server', async () => {
    const cwd = tempDir();
    copySecurityExamples(cwd);
    const first = cleanEnv();

    expect((await atelier(['list-roles'], cwd, first)).stdout).toMatch(/security_expert +Security Expert +builtin/);
    const role = await atelier(CREATE_ROLE, cwd, first);
    const roleFile = join(userConfigDir(first), 'roles', 'security_expert.yml');
    expect(role.stdout).toContain(`created role "security_expert" in the user layer: ${roleFile}`);
    expect(role.stdout).toMatch(/overrides the built-in role "security_expert" \(.*roles\/security_expert\.yml\)/);
    expect((await loadRoleFile(roleFile)).definition.system_prompt).toBe(readFileSync(join(cwd, 'examples/security/security_prompt.txt'), 'utf8'));

    const workflow = await atelier(CREATE_WORKFLOW, cwd, first);
    expect(workflow.stdout).toMatch(/overrides the built-in workflow "security_focused" \(.*workflows\/security_focused\.yml\)/);
    expect((await atelier(['list-workflows'], cwd, first)).stdout).toMatch(/security_focused +Security Focused Development +user +7 stages, overrides builtin/);
    await atelier(['set-workflow', 'security_focused'], cwd, first);
    expect(readFileSync(join(userConfigDir(first), 'atelier.config.yml'), 'utf8')).toBe('workflow: security_focused\n');
    expect((await atelier(['list-roles'], cwd, first)).stdout).toMatch(/security_expert +Security Expert +user +overrides builtin/);

    // A second create of the same id is now a clash in the user layer.
    const again = await atelier(CREATE_ROLE, cwd, first, 2);
    expect(again.stderr).toContain(`role "security_expert" already exists in the user layer (${roleFile}); pass --force to replace it`);

    await atelier(['export-role', 'security_expert', '--output', 'security_expert_role.yml'], cwd, first);
    await atelier(['export-workflow', 'security_focused', '--output', 'security_focused_workflow.yml'], cwd, first);

    const fresh = cleanEnv();
    await atelier(['import-role', 'security_expert', '--input', 'security_expert_role.yml'], cwd, fresh);
    await atelier(['import-workflow', 'security_focused', '--input', 'security_focused_workflow.yml'], cwd, fresh);
    expect(readFileSync(join(userConfigDir(fresh), 'roles', 'security_expert.yml'), 'utf8')).toBe(readFileSync(roleFile, 'utf8'));
    const imported = await loadWorkflowFile(join(userConfigDir(fresh), 'workflows', 'security_focused.yml'));
    expect(imported.definition).toMatchObject({ name: 'Security Focused Development', description: 'Prioritizes security in the SDLC' });
    await atelier(['update-config', 'workflow', 'security_focused'], cwd, fresh);
    expect((await atelier(['list-models', '--free'], cwd, fresh)).stdout).toContain('No provider is configured');

    // The model is the test's, as a key would be the reader's: the fake server, and a model name for it.
    await atelier(['update-config', '--key', 'models.default', '--value', 'scripted'], cwd, fresh);
    server = await startFakeLlmServer({ responder: securityWorkflowResponder() });
    const run = await atelier(['run', '--idea', IDEA], cwd, { ...fresh, OPENAI_BASE_URL: server.url });
    expect(run.stderr).toBe('');
    const workspace = join(cwd, 'workspace');
    const [project] = existsSync(workspace) ? readdirSync(workspace) : [];
    const docs = join(workspace, project ?? '', 'docs');
    for (const name of ['requirements_doc', 'design_doc', 'security_assessment', 'implementation_plan', 'review_comments', 'test_report']) {
      expect(existsSync(join(docs, `${name}.md`)), `docs/${name}.md`).toBe(true);
    }
    const assessment = readFileSync(join(docs, 'security_assessment.md'), 'utf8');
    for (const heading of ['Executive Summary', 'Threat Model', 'Detailed Findings']) expect(assessment).toMatch(new RegExp(`^#+ ${heading}$`, 'm'));

    // The user's role wrote it: three sections, where the built-in role asks for four.
    // The role's own part of the prompt: its standing prompt and the answer line, after the shared documents.
    const rolePart = (req: FakeChatRequest) => req.messages.slice(1).map((message) => message.content).join('\n\n');
    const securityRequest = server.requests.find((req) => rolePart(req).includes('Your answer is the document "security_assessment"'));
    expect(securityRequest && rolePart(securityRequest)).toContain('"Executive Summary", "Threat Model", "Detailed Findings".');
    expect(securityRequest && rolePart(securityRequest)).not.toContain('Security Requirements');
    expect(securityRequest && rolePart(securityRequest)).toContain('STRIDE over the data flows');
  });
});

describe("the seed's command names", () => {
  it('are hidden from the main --help, listed by `help seed-commands`, and take the flags of the commands they stand for', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const help = (await atelier(['--help'], cwd, env)).stdout;
    for (const name of SEED_NAMES) expect(help).not.toMatch(new RegExp(`^ +${name}\\b`, 'm'));
    expect(help).toContain('atelier help seed-commands');

    const listed = (await atelier(['help', 'seed-commands'], cwd, env)).stdout;
    expect(listed).toContain('atelier create-role      = atelier role create');
    expect(listed).toContain('atelier update-config    = atelier config set');
    for (const name of SEED_NAMES) expect(listed).toContain(`atelier ${name} `);

    const options = (text: string) => text.slice(text.indexOf('Options:'));
    const pairs: [string[], string[]][] = [
      [['create-role', '--help'], ['role', 'create', '--help']],
      [['create-workflow', '--help'], ['workflow', 'create', '--help']],
      [['import-role', '--help'], ['role', 'import', '--help']],
      [['export-workflow', '--help'], ['workflow', 'export', '--help']],
      [['list-models', '--help'], ['models', 'list', '--help']],
    ];
    for (const [seed, ours] of pairs) {
      expect(options((await atelier(seed, cwd, env)).stdout), seed[0]).toBe(options((await atelier(ours, cwd, env)).stdout));
    }
  });

  it('update-config takes KEY VALUE or --key/--value and validates like config set', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    await atelier(['update-config', 'concurrency', '4'], cwd, env);
    await atelier(['update-config', '--key', 'max_fix_rounds', '--value', '2'], cwd, env);
    expect(readFileSync(join(userConfigDir(env), 'atelier.config.yml'), 'utf8')).toBe('concurrency: 4\nmax_fix_rounds: 2\n');
    expect((await atelier(['update-config', 'concurrency', 'many'], cwd, env, 2)).stderr).toContain('cannot set "concurrency" to "many"');
    expect((await atelier(['update-config'], cwd, env, 2)).stderr).toContain('update-config takes KEY VALUE (or --key KEY --value VALUE)');
  });
});

const recommendSchema = z.array(z.object({ task: z.string(), primary: z.string().nullable(), backups: z.array(z.string()) }));

describe('models recommend without a key', () => {
  it('recommends from the bundled catalog, says no provider is configured and how to add one', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const text = await atelier(['models', 'recommend', '--task', 'code_generation'], cwd, env);
    expect(text.stdout).toContain('No provider is configured: these are chosen from the OpenRouter catalog (the bundled snapshot of ');
    expect(text.stdout).toContain('set OPENROUTER_API_KEY');
    expect(text.stdout).toMatch(/primary openrouter:\S+ \(#1 in the code_generation preference list/);

    const json = await atelier(['models', 'recommend', '--json'], cwd, env);
    const choices = recommendSchema.parse(JSON.parse(json.stdout));
    expect(choices.every((choice) => choice.primary?.startsWith('openrouter:'))).toBe(true);
    expect(json.stderr).toContain('No provider is configured');
  });

  it('says which providers are configured when there are some', async () => {
    const cwd = tempDir();
    const env = cleanEnv({ ANTHROPIC_API_KEY: 'sk-ant-fake-0123456789' });
    const text = (await atelier(['models', 'recommend', '--task', 'code_generation'], cwd, env)).stdout;
    expect(text).toContain('configured providers: anthropic (key from ANTHROPIC_API_KEY)');
    expect(text).toMatch(/primary anthropic:claude-\S+/);
    expect(text).not.toContain('sk-ant-fake');
  });

  it('names a configured provider it cannot use, and still recommends from the catalog', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    await atelier(['config', 'set', 'providers.gateway', '{type: openai-compatible, base_url: "https://llm.example.com/v1", api_key_env: GATEWAY_KEY}'], cwd, env);
    const result = await runCli(['models', 'recommend', '--task', 'review'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No configured provider can be used: these are chosen from the OpenRouter catalog');
    expect(result.stdout).toContain('not usable: providers.gateway needs its key: set GATEWAY_KEY');
  });
});
