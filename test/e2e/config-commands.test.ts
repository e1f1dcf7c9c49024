import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, tempDir } from '../support/run-cli.js';
import { atelier, userConfigDir } from './config-support.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('reading the configuration from the CLI', () => {
  it('lists and shows workflows as text and as a mermaid flowchart', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const list = (await atelier(['workflow', 'list'], cwd, env)).stdout;
    expect(list).toMatch(/^\* standard\s+Standard\s+builtin\s+9 stages$/m);
    expect(list).toMatch(/^ {2}security_focused\s+Security Focused Workflow\s+builtin\s+7 stages$/m);

    const shown = (await atelier(['workflow', 'show', 'security_focused'], cwd, env)).stdout;
    expect(shown).toContain('security_focused — Security Focused Workflow');
    expect(shown).toMatch(/source: builtin \(.*workflows\/security_focused\.yml\)/);
    expect(shown).toContain('7 stages in 6 waves');
    expect(shown).toMatch(/security_analysis +Security Expert \(security_expert\): prd, system_design → security_assessment \[sectioned\]/);

    const mermaid = (await atelier(['workflow', 'show', 'security_focused', '--mermaid'], cwd, env)).stdout;
    expect(mermaid.startsWith('flowchart TD\n')).toBe(true);
    expect(mermaid).toContain('s3 -->|security_assessment| s4');

    const fromFile = (await atelier(['workflow', 'show', join(ROOT, 'examples/security/security_workflow_stages.yml')], cwd, env)).stdout;
    expect(fromFile).toContain('requirements_doc → design_doc');
  });

  it('marks the active workflow once it is set', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    await atelier(['workflow', 'set', 'security_focused', '--project'], cwd, env);
    expect(readFileSync(join(cwd, 'atelier.config.yml'), 'utf8')).toBe('workflow: security_focused\n');
    expect((await atelier(['workflow', 'list'], cwd, env)).stdout).toMatch(/^\* security_focused/m);
    expect((await atelier(['config', 'get', 'workflow'], cwd, env)).stdout).toBe('security_focused\n');
  });

  it('lists and shows templates with the brief the product manager and architect receive', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const list = (await atelier(['template', 'list'], cwd, env)).stdout;
    for (const id of ['saas_app', 'ml_pipeline', 'mobile_app', 'cli_tool', 'rest_api', 'web_game', 'library']) expect(list).toMatch(new RegExp(`^${id}\\s`, 'm'));
    const shown = (await atelier(['template', 'show', 'rest_api'], cwd, env)).stdout;
    expect(shown).toContain('workflow: standard');
    expect(shown).toContain('# Project template: REST API');
    expect(shown).toContain('Features to include:');
    // A stack no scripted scenario builds says so before a user relies on it.
    expect((await atelier(['template', 'show', 'mobile_app'], cwd, env)).stdout).toContain("not proven: no scripted scenario in Atelier's suite builds this stack (React Native with Expo)");
    expect((await atelier(['template', 'show', 'cli_tool'], cwd, env)).stdout).toMatch(/^not proven: no scripted scenario in Atelier's suite builds this stack \(Node\.js 20\)/m);
    const unknown = await atelier(['template', 'show', 'rest'], cwd, env, 2);
    expect(unknown.stderr).toContain('unknown template "rest"');
  });

  it('shows a role by alias and exports a built-in one to stdout unchanged', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const shown = (await atelier(['role', 'show', 'code_generation'], cwd, env)).stdout;
    expect(shown).toContain('"code_generation" is an alias of role "engineer"');
    expect(shown).toMatch(/source: builtin \(.*roles\/engineer\.yml\)/);
    expect(shown).toContain('behaviour: engineer, writes source_code');
    const exported = (await atelier(['role', 'export', 'architect'], cwd, env)).stdout;
    expect(exported).toBe(readFileSync(join(ROOT, 'roles/architect.yml'), 'utf8'));
  });
});

describe('creating over a built-in: the user layer overrides it', () => {
  it('writes a role, an alias and a workflow of built-in names into the user layer without --force, and says what each overrides', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const architect = await atelier(['role', 'create', 'architect', '--prompt', 'You design.', '--document', 'system_design'], cwd, env);
    expect(architect.stdout).toContain(`created role "architect" in the user layer: ${join(userConfigDir(env), 'roles', 'architect.yml')}`);
    expect(architect.stdout).toMatch(/overrides the built-in role "architect" \(.*roles\/architect\.yml\)/);
    const alias = await atelier(['role', 'create', 'code_generation', '--prompt', 'You write code.', '--behaviour', 'engineer'], cwd, env);
    expect(alias.stdout).toContain('"code_generation" was an alias of role "engineer"; workflows that name "code_generation" now use this role');

    writeFileSync(join(cwd, 'stages.yml'), '- task: requirements\n  input: user_idea\n  output: prd\n  role: product_manager\n');
    const workflow = await atelier(['workflow', 'create', 'standard', '--stages-file', 'stages.yml'], cwd, env);
    expect(workflow.stdout).toMatch(/overrides the built-in workflow "standard" \(.*workflows\/standard\.yml\)/);
    expect((await atelier(['workflow', 'show', 'standard'], cwd, env)).stdout).toContain(`source: user (${join(userConfigDir(env), 'workflows', 'standard.yml')})`);
    // Replacing your own needs --force.
    await atelier(['role', 'create', 'architect', '--prompt', 'You design again.', '--document', 'system_design', '--force'], cwd, env);
  });
});
