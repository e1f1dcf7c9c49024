import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';
import { atelier, SECURITY_EXAMPLES, snapshot, userConfigDir } from './config-support.js';

interface Case {
  title: string;
  /** Files to write in the current folder first. */
  files?: Record<string, string>;
  /** Commands that must succeed before the bad one. */
  setup?: string[][];
  args: string[];
  expected: RegExp[];
}

const ROLE = 'name: Auditor\ndescription: audits\nsystem_prompt: |\n  You audit.\n';
const STAGES_HEAD = '- task: requirements\n  input: user_idea\n  output: prd\n';

const cases: Case[] = [
  {
    title: 'a malformed YAML role file',
    files: { 'bad.yml': 'name: Auditor\nsystem_prompt: [You audit\ndescription: x\n' },
    args: ['role', 'import', 'auditor', '--input', 'bad.yml'],
    expected: [/bad\.yml:\d+:\d+: invalid YAML/],
  },
  {
    title: 'a role file missing a field',
    files: { 'auditor.yml': 'name: Auditor\ndescription: audits\n' },
    args: ['role', 'import', '--input', 'auditor.yml'],
    expected: [/auditor\.yml:1:1: system_prompt: is required/],
  },
  {
    title: 'a role with a value the schema refuses',
    files: { 'auditor.yml': `${ROLE}model_preferences:\n  temperature: 7\n` },
    args: ['role', 'import', '--input', 'auditor.yml'],
    expected: [/auditor\.yml:6:3: model_preferences\.temperature: temperature must be between 0 and 2/],
  },
  {
    title: 'an unknown role in a workflow',
    files: { 'stages.yml': `${STAGES_HEAD}  role: prodct_manager\n` },
    args: ['workflow', 'create', 'mine', '--stages-file', 'stages.yml'],
    expected: [/stages\.yml:4:3: stages\[0\]\.role: unknown role "prodct_manager" \(did you mean "product_manager"\?\)/],
  },
  {
    title: 'a workflow whose input nobody writes, imported',
    files: { 'flow.yml': `name: Mine\nstages:\n  - task: design\n    input: prd\n    output: system_design\n    role: architect\n` },
    args: ['workflow', 'import', '--input', 'flow.yml'],
    expected: [/flow\.yml:4:5: stages\[0\]\.input: input "prd" is not the output of any stage/],
  },
  {
    title: 'a prompt file that does not exist',
    args: ['role', 'create', 'auditor', '--prompt-file', 'missing_prompt.txt'],
    expected: [/missing_prompt\.txt: --prompt-file: file not found/],
  },
  {
    title: 'a stages file that does not exist',
    args: ['workflow', 'create', 'mine', '--stages-file', 'nope.yml'],
    expected: [/nope\.yml: --stages-file: file not found/],
  },
  {
    title: 'an id with illegal characters',
    args: ['role', 'create', 'Security Expert!', '--prompt', 'You audit.'],
    expected: [/"Security Expert!" is not a valid role id/, /\^\[a-z\]\[a-z0-9_-\]\*\$/],
  },
  {
    title: 'an illegal workflow id',
    files: { 'flow.yml': `name: Mine\nstages:\n${STAGES_HEAD.replace(/^/gm, '  ').trimEnd()}\n    role: product_manager\n` },
    args: ['workflow', 'import', '9lives', '--input', 'flow.yml'],
    expected: [/"9lives" is not a valid workflow id/],
  },
  {
    title: 'a name clash on import',
    files: { 'auditor.yml': ROLE },
    setup: [['role', 'import', '--input', 'auditor.yml']],
    args: ['role', 'import', '--input', 'auditor.yml'],
    expected: [/role "auditor" already exists in the user layer \(.*auditor\.yml\); pass --force to replace it/],
  },
  {
    title: 'a create over a role the same layer has, without --force',
    setup: [['role', 'create', 'architect', '--prompt', 'You design.']],
    args: ['role', 'create', 'architect', '--prompt', 'You design.'],
    expected: [/role "architect" already exists in the user layer \(.*architect\.yml\); pass --force to replace it/],
  },
  {
    title: 'a create over an alias a role of the same layer declares, without --force',
    files: { 'auditor.yml': `${ROLE}aliases: [audit]\n` },
    setup: [['role', 'import', '--input', 'auditor.yml']],
    args: ['role', 'create', 'audit', '--prompt', 'You audit.'],
    expected: [/"audit" is an alias of role "auditor" in the user layer/, /pass --force/],
  },
  {
    title: 'a workflow create over a workflow the same layer has, without --force',
    files: { 'stages.yml': `${STAGES_HEAD}  role: product_manager\n` },
    setup: [['workflow', 'create', 'standard', '--stages-file', 'stages.yml']],
    args: ['workflow', 'create', 'standard', '--stages-file', 'stages.yml'],
    expected: [/workflow "standard" already exists in the user layer \(.*standard\.yml\); pass --force to replace it/],
  },
  {
    title: 'a bad option value',
    args: ['role', 'create', 'auditor', '--prompt', 'You audit.', '--reasoning', 'huge', '--temperature', '3'],
    expected: [/--reasoning: /, /--temperature: temperature must be between 0 and 2/],
  },
  {
    title: 'deleting a built-in role',
    args: ['role', 'delete', 'engineer'],
    expected: [/role "engineer" is built in .* cannot be deleted/],
  },
  {
    title: 'deleting a role a workflow needs',
    files: { 'auditor.yml': ROLE, 'flow.yml': `name: Audit\nstages:\n  - task: audit\n    input: user_idea\n    output: audit\n    role: auditor\n` },
    setup: [
      ['role', 'import', '--input', 'auditor.yml'],
      ['workflow', 'import', 'audit', '--input', 'flow.yml'],
    ],
    args: ['role', 'delete', 'auditor'],
    expected: [/role "auditor" was not deleted: it would break a workflow/, /audit\.yml:6:5: stages\[0\]\.role: unknown role "auditor"/],
  },
  {
    title: 'setting an unknown workflow as the active one',
    args: ['workflow', 'set', 'securty_focused'],
    expected: [/unknown workflow "securty_focused" \(did you mean "security_focused"\?\)/],
  },
  {
    title: 'a config value of the wrong type',
    args: ['config', 'set', 'concurrency', 'many'],
    expected: [/cannot set "concurrency" to "many"/, /concurrency: expected number, got "many"/],
  },
  {
    title: 'an unknown config key',
    args: ['config', 'set', 'modles.default', 'x'],
    expected: [/unknown key "modles" \(did you mean "models"\?\)/],
  },
];

describe('bad input: one clear message, exit code 2, and no file changed', () => {
  for (const c of cases) {
    it(`refuses ${c.title}`, async () => {
      const cwd = tempDir();
      const env = cleanEnv();
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(cwd, name), content);
      for (const args of c.setup ?? []) await atelier(args, cwd, env);
      const before = snapshot(env.HOME ?? '', cwd);
      const result = await runCli(c.args, { cwd, env });
      expect(result.code, result.stderr).toBe(2);
      for (const pattern of c.expected) expect(result.stderr).toMatch(pattern);
      expect(result.stdout).toBe('');
      expect(snapshot(env.HOME ?? '', cwd)).toEqual(before);
    });
  }
});

describe('workflow validate', () => {
  it('reports every problem with file:line and exits 2, or says it is valid and exits 0', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const broken = 'name: Broken\nstages:\n  - task: a\n    input: idea\n    output: prd\n    role: prodct_manager\n  - task: b\n    input: prd\n    output: prd\n    role: architect\n';
    writeFileSync(join(cwd, 'broken.yml'), broken);
    const invalid = await runCli(['workflow', 'validate', 'broken.yml'], { cwd, env });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('broken.yml: invalid, 3 problems:');
    expect(invalid.stderr).toMatch(/broken\.yml:4:5: stages\[0\]\.input: input "idea" is not the output of any stage/);
    expect(invalid.stderr).toMatch(/broken\.yml:6:5: stages\[0\]\.role: unknown role "prodct_manager"/);
    expect(invalid.stderr).toMatch(/broken\.yml:9:5: stages\[1\]\.output: output "prd" is produced by both/);

    const valid = await atelier(['workflow', 'validate', join(SECURITY_EXAMPLES, 'security_workflow_stages.yml')], cwd, env);
    expect(valid.stdout).toMatch(/valid: workflow "security_workflow_stages" .* 7 stages in 6 waves/);
  });
});

describe('role edit', () => {
  async function withEditor(script: string): Promise<{ cwd: string; env: Record<string, string>; file: string }> {
    const cwd = tempDir();
    const env = cleanEnv();
    writeFileSync(join(cwd, 'auditor.yml'), ROLE);
    await atelier(['role', 'import', '--input', 'auditor.yml'], cwd, env);
    const editor = join(cwd, 'editor.sh');
    writeFileSync(editor, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return { cwd, env: { ...env, EDITOR: editor }, file: join(userConfigDir(env), 'roles', 'auditor.yml') };
  }

  it('keeps the old file and says why when the edited role is invalid', async () => {
    const { cwd, env, file } = await withEditor(`printf 'name: Auditor\\ndescription: audits\\n' > "$1"`);
    const before = snapshot(env.HOME ?? '', cwd);
    const result = await runCli(['role', 'edit', 'auditor'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/auditor\.yml:1:1: system_prompt: is required/);
    expect(result.stderr).toContain(`so ${file} was kept as it was`);
    expect(result.stderr).toMatch(/Your edited copy is at .*atelier-edit-.*auditor\.yml/);
    expect(snapshot(env.HOME ?? '', cwd)).toEqual(before);
  });

  it('replaces the file when the edited role is valid', async () => {
    const { cwd, env, file } = await withEditor(`sed -i 's/^description: audits$/description: audits everything/' "$1"`);
    const result = await atelier(['role', 'edit', 'auditor'], cwd, env);
    expect(result.stdout).toContain(`saved role "auditor" in the user layer: ${file}`);
    expect((await atelier(['role', 'show', 'auditor'], cwd, env)).stdout).toContain('description: audits everything');
  });

  it('edits a built-in role into a user override, leaving the package untouched', async () => {
    const { cwd, env } = await withEditor(`sed -i 's/^display_name: .*/display_name: Our Architect/' "$1"`);
    await atelier(['role', 'edit', 'architect'], cwd, env);
    const shown = (await atelier(['role', 'show', 'architect'], cwd, env)).stdout;
    expect(shown).toContain('architect — Our Architect');
    expect(shown).toContain(`source: user (${join(userConfigDir(env), 'roles', 'architect.yml')})`);
  });

  it('keeps the old file when the editor fails', async () => {
    const { cwd, env } = await withEditor('exit 3');
    const before = snapshot(env.HOME ?? '', cwd);
    const result = await runCli(['role', 'edit', 'auditor'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('exited with code 3');
    expect(snapshot(env.HOME ?? '', cwd)).toEqual(before);
  });
});

describe('writes into the project layer', () => {
  it('creates the role under <project>/.atelier/roles and nothing in the user folder', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    mkdirSync(join(cwd, 'p'));
    await atelier(['role', 'create', 'auditor', '--prompt', 'You audit.', '--project', 'p'], cwd, env);
    expect(Object.keys(snapshot(join(cwd, 'p')))).toEqual([join(cwd, 'p', '.atelier', 'roles', 'auditor.yml')]);
    expect(snapshot(userConfigDir(env))).toEqual({});
    const both = await runCli(['role', 'create', 'x', '--prompt', 'p', '--user', '--project'], { cwd, env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--user and --project choose where to write; pass one of them');
  });
});
