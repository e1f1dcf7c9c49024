import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, tempDir } from '../support/run-cli.js';
import { atelier, userConfigDir } from './config-support.js';

const PROMPT = 'You design systems. Answer with the system design.';

describe('precedence: project over user over built-in, and `show` names the file', () => {
  it('resolves roles, workflows and templates by layer, and falls back when a layer is deleted', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const project = join(cwd, 'app');
    mkdirSync(project);
    const role = (name: string) => ['role', 'create', 'architect', '--display-name', name, '--prompt', PROMPT, '--document', 'system_design', '--force'];

    await atelier(role('User Architect'), cwd, env);
    const inProject = await atelier([...role('Project Architect'), '--project', project], cwd, env);
    expect(inProject.stdout).toContain('overrides the user role "architect"');
    expect(inProject.stdout).toContain('overrides the built-in role "architect"');

    const userFile = join(userConfigDir(env), 'roles', 'architect.yml');
    const projectFile = join(project, '.atelier', 'roles', 'architect.yml');
    const fromProject = await atelier(['role', 'show', 'architect', '--project', project], cwd, env);
    expect(fromProject.stdout).toContain('architect — Project Architect');
    expect(fromProject.stdout).toContain(`source: project (${projectFile})`);
    expect(fromProject.stdout).toContain(`overrides: user (${userFile})`);
    expect(fromProject.stdout).toMatch(/overrides: builtin \(.*roles\/architect\.yml\)/);
    // The current folder is the default project, and it has no roles of its own.
    expect((await atelier(['role', 'show', 'architect'], cwd, env)).stdout).toContain(`source: user (${userFile})`);

    const list = await atelier(['role', 'list', '--project', project], cwd, env);
    expect(list.stdout).toMatch(/^architect\s+Project Architect\s+project\s+overrides user, builtin$/m);
    expect(list.stdout).toMatch(/^engineer\s+Software Engineer\s+builtin$/m);
    // Workflows compile against the roles the project sees.
    expect((await atelier(['workflow', 'show', 'standard', '--project', project], cwd, env)).stdout).toContain('Project Architect (architect)');

    const deleted = await atelier(['role', 'delete', 'architect', '--project', project], cwd, env);
    expect(deleted.stdout).toContain(`"architect" now resolves to the user role (${userFile})`);
    expect((await atelier(['role', 'show', 'architect', '--project', project], cwd, env)).stdout).toContain('source: user');
    await atelier(['role', 'delete', 'architect'], cwd, env);
    expect((await atelier(['role', 'show', 'architect', '--project', project], cwd, env)).stdout).toMatch(/source: builtin \(/);

    // Templates layer the same way.
    const template = (name: string) => `name: ${name}\ndescription: d\nstack: { language: Go, runtime: Go 1.22 }\nfeatures: [one]\narchitecture: a\nworkflow: standard\n`;
    mkdirSync(join(userConfigDir(env), 'templates'), { recursive: true });
    writeFileSync(join(userConfigDir(env), 'templates', 'cli_tool.yml'), template('User CLI'));
    mkdirSync(join(project, '.atelier', 'templates'), { recursive: true });
    writeFileSync(join(project, '.atelier', 'templates', 'cli_tool.yml'), template('Project CLI'));
    expect((await atelier(['template', 'show', 'cli_tool'], cwd, env)).stdout).toContain('# Project template: User CLI');
    const projectTemplate = await atelier(['template', 'show', 'cli_tool', '--project', project], cwd, env);
    expect(projectTemplate.stdout).toContain('# Project template: Project CLI');
    expect(projectTemplate.stdout).toContain('source: project (');
    expect((await atelier(['template', 'list', '--project', project], cwd, env)).stdout).toMatch(/^cli_tool\s+Project CLI\s+project\s+workflow standard, overrides user, builtin$/m);
  });

  it('merges atelier.config.yml key by key, the project winning, and says where each value comes from', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    await atelier(['config', 'set', 'concurrency', '2'], cwd, env);
    await atelier(['config', 'set', 'budget_usd', '5'], cwd, env);
    await atelier(['config', 'set', 'models.roles.engineer', 'anthropic/claude-sonnet-4.5'], cwd, env);
    await atelier(['config', 'set', 'concurrency', '3', '--project'], cwd, env);
    await atelier(['config', 'set', 'models.roles.architect', 'openai/gpt-4.1', '--project'], cwd, env);

    expect((await atelier(['config', 'get', 'concurrency'], cwd, env)).stdout).toBe('3\n');
    expect((await atelier(['config', 'get', 'budget_usd'], cwd, env)).stdout).toBe('5\n');
    expect((await atelier(['config', 'get', 'models.roles'], cwd, env)).stdout).toBe('engineer: anthropic/claude-sonnet-4.5\narchitect: openai/gpt-4.1\n');
    const list = (await atelier(['config', 'list'], cwd, env)).stdout;
    expect(list).toMatch(/^concurrency\s+3\s+\(project\)$/m);
    expect(list).toMatch(/^budget_usd\s+5\s+\(user\)$/m);
    expect(list).toMatch(/^models\.roles\.engineer\s+"anthropic\/claude-sonnet-4\.5"\s+\(user\)$/m);
    expect(list).toMatch(/^models\.roles\.architect\s+"openai\/gpt-4\.1"\s+\(project\)$/m);

    const paths = (await atelier(['config', 'path'], cwd, env)).stdout;
    expect(paths).toContain(`user     ${join(userConfigDir(env), 'atelier.config.yml')}`);
    expect(paths).toContain(`project  ${join(cwd, 'atelier.config.yml')}`);
    const unset = await atelier(['config', 'get', 'models.default'], cwd, env, 1);
    expect(unset.stderr).toContain('"models.default" is not set');
  });

  it('keeps comments and other keys when it sets one', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    mkdirSync(userConfigDir(env), { recursive: true });
    const file = join(userConfigDir(env), 'atelier.config.yml');
    writeFileSync(file, '# my defaults\nconcurrency: 2 # laptop\n');
    await atelier(['config', 'set', 'sandbox.timeout_seconds', '120'], cwd, env);
    expect(readFileSync(file, 'utf8')).toBe('# my defaults\nconcurrency: 2 # laptop\nsandbox:\n  timeout_seconds: 120\n');
  });
});
