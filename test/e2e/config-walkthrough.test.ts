import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRoleFile, loadWorkflowFile } from '../../src/config/index.js';
import { startFakeLlmServer, type FakeChatRequest, type FakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, tempDir } from '../support/run-cli.js';
import { TODO_CLI_IDEA } from '../support/scenarios/todo-cli.js';
import { atelier, SECURITY_EXAMPLES, securityWorkflowResponder, SEED_FIXTURES, userConfigDir } from './config-support.js';
import { docExists, readDoc } from './e2e-helpers.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ROLE_OPTIONS = [
  '--display-name',
  'Security Expert',
  '--description',
  'Performs comprehensive security analysis',
  '--sections',
  'Executive Summary,Threat Model,Detailed Findings',
  '--required-pattern',
  'OWASP',
  '--required-pattern',
  'authentication',
  '--required-pattern',
  'encryption',
  '--context-size',
  'large',
  '--reasoning',
  'strong',
  '--temperature',
  '0.1',
];

describe('the seed walkthrough: a custom security role and workflow, shared as files', () => {
  it('creates, sets, exports, imports into a fresh HOME and runs them against the fake server', async () => {
    const cwd = tempDir();
    const first = cleanEnv();
    const prompt = join(SECURITY_EXAMPLES, 'security_prompt.txt');

    // A built-in security_expert exists: yours goes into the user layer and overrides it, no --force needed.
    const overriding = await atelier(['role', 'create', 'security_expert', ...ROLE_OPTIONS, '--prompt-file', prompt], cwd, first);
    const roleFile = join(userConfigDir(first), 'roles', 'security_expert.yml');
    expect(overriding.stdout).toContain(roleFile);
    expect(overriding.stdout).toContain('overrides the built-in role');
    // Only the layer's own file clashes: replacing it takes an explicit --force.
    const refused = await atelier(['role', 'create', 'security_expert', ...ROLE_OPTIONS, '--prompt-file', prompt], cwd, first, 2);
    expect(refused.stderr).toContain('already exists in the user layer');
    expect(refused.stderr).toContain('--force');
    const created = await atelier(['role', 'create', 'security_expert', ...ROLE_OPTIONS, '--prompt-file', prompt, '--force'], cwd, first);
    expect(created.stdout).toContain(roleFile);
    expect(created.stdout).toContain('overrides the built-in role');
    const role = await loadRoleFile(roleFile);
    expect(role.definition.system_prompt).toBe(readFileSync(prompt, 'utf8'));
    expect(role.definition.output_format).toEqual({
      sections: ['Executive Summary', 'Threat Model', 'Detailed Findings'],
      validation: { required_patterns: ['OWASP', 'authentication', 'encryption'] },
    });

    const stages = join(SECURITY_EXAMPLES, 'security_workflow_stages.yml');
    const workflowArgs = ['workflow', 'create', 'security_focused', '--display-name', 'Security Focused Workflow', '--description', 'Security first', '--stages-file', stages, '--force'];
    await atelier(workflowArgs, cwd, first);
    await atelier(['workflow', 'set', 'security_focused'], cwd, first);
    expect(readFileSync(join(userConfigDir(first), 'atelier.config.yml'), 'utf8')).toBe('workflow: security_focused\n');
    const shown = await atelier(['role', 'show', 'security_expert'], cwd, first);
    expect(shown.stdout).toContain(`source: user (${roleFile})`);

    await atelier(['role', 'export', 'security_expert', '--output', 'security_expert_role.yml'], cwd, first);
    await atelier(['workflow', 'export', 'security_focused', '--output', 'security_focused_workflow.yml'], cwd, first);

    const fresh = cleanEnv();
    await atelier(['role', 'import', 'security_expert', '--input', 'security_expert_role.yml'], cwd, fresh);
    await atelier(['workflow', 'import', 'security_focused', '--input', 'security_focused_workflow.yml'], cwd, fresh);
    const imported = join(userConfigDir(fresh), 'roles', 'security_expert.yml');
    expect((await loadRoleFile(imported)).definition).toEqual(role.definition);
    const importedWorkflow = await loadWorkflowFile(join(userConfigDir(fresh), 'workflows', 'security_focused.yml'));
    expect(importedWorkflow.definition).toEqual((await loadWorkflowFile(join(userConfigDir(first), 'workflows', 'security_focused.yml'))).definition);

    server = await startFakeLlmServer({ responder: securityWorkflowResponder() });
    const env = { ...fresh, OPENAI_BASE_URL: server.url };
    const run = await atelier(['run', '--idea', TODO_CLI_IDEA, '--workflow', 'security_focused', '--model', 'scripted', '--project', 'app'], cwd, env);
    expect(run.stderr).toBe('');
    const project = join(cwd, 'app');
    for (const name of ['requirements_doc', 'design_doc', 'security_assessment', 'implementation_plan', 'review_comments', 'test_report']) {
      expect(docExists(project, name), `docs/${name}.md`).toBe(true);
    }
    const assessment = readDoc(project, 'security_assessment');
    for (const heading of ['Executive Summary', 'Threat Model', 'Detailed Findings']) expect(assessment).toMatch(new RegExp(`^#+ ${heading}$`, 'm'));
    for (const word of ['OWASP', 'authentication', 'encryption']) expect(assessment).toContain(word);

    // The imported role wrote it: three sections, where the built-in role asks for four.
    // The role's own part of the prompt: its standing prompt and the answer line, after the shared documents.
    const rolePart = (req: FakeChatRequest) => req.messages.slice(1).map((message) => message.content).join('\n\n');
    const securityRequest = server.requests.find((req) => rolePart(req).includes('Your answer is the document "security_assessment"'));
    expect(securityRequest && rolePart(securityRequest)).toContain('"Executive Summary", "Threat Model", "Detailed Findings".');
    expect(securityRequest && rolePart(securityRequest)).not.toContain('Security Requirements');
    expect(securityRequest && rolePart(securityRequest)).toContain('STRIDE over the data flows');
  });
});

describe('export then import round-trips the seed files unchanged', () => {
  it('keeps the seed role and workflow identical through two HOMEs', async () => {
    const cwd = tempDir();
    const first = cleanEnv();
    const second = cleanEnv();
    const seedRole = join(SEED_FIXTURES, 'roles', 'security_expert.yml');
    const seedWorkflow = join(SEED_FIXTURES, 'workflows', 'security_workflow.yml');

    await atelier(['role', 'import', 'security_expert', '--input', seedRole], cwd, first);
    await atelier(['workflow', 'import', 'security_workflow', '--input', seedWorkflow], cwd, first);
    await atelier(['role', 'export', 'security_expert', '--output', 'role.yml'], cwd, first);
    await atelier(['workflow', 'export', 'security_workflow', '--output', 'workflow.yml'], cwd, first);
    await atelier(['role', 'import', 'security_expert', '--input', 'role.yml'], cwd, second);
    await atelier(['workflow', 'import', 'security_workflow', '--input', 'workflow.yml'], cwd, second);

    const roleBack = join(userConfigDir(second), 'roles', 'security_expert.yml');
    const workflowBack = join(userConfigDir(second), 'workflows', 'security_workflow.yml');
    expect(readFileSync(roleBack, 'utf8')).toBe(readFileSync(seedRole, 'utf8'));
    expect(readFileSync(workflowBack, 'utf8')).toBe(readFileSync(seedWorkflow, 'utf8'));
    expect((await loadRoleFile(roleBack)).definition).toEqual((await loadRoleFile(seedRole)).definition);
    expect((await loadWorkflowFile(workflowBack)).definition).toEqual((await loadWorkflowFile(seedWorkflow)).definition);
  });

  it('writes a created role in the seed format, byte for byte', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    writeFileSync(join(cwd, 'prompt.txt'), 'You are a senior cybersecurity expert...\n');
    await atelier(['role', 'create', 'security_expert', ...ROLE_OPTIONS, '--prompt-file', 'prompt.txt', '--force'], cwd, env);
    const written = readFileSync(join(userConfigDir(env), 'roles', 'security_expert.yml'), 'utf8');
    expect(written).toBe(readFileSync(join(SEED_FIXTURES, 'roles', 'security_expert.yml'), 'utf8'));
  });
});
