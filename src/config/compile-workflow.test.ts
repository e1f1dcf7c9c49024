import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRolesDir, builtinWorkflowsDir } from './builtin-dirs.js';
import { compileWorkflow } from './compile-workflow.js';
import { ConfigErrors } from './config-error.js';
import { loadWorkflowFile } from './load-workflow.js';
import { loadRoleRegistry, type RoleRegistry } from './role-registry.js';

const SEED_ROLES = join(import.meta.dirname, 'fixtures', 'roles');
const SEED_WORKFLOW = join(import.meta.dirname, 'fixtures', 'workflows', 'security_workflow.yml');
let dir: string;
let roles: RoleRegistry;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-compile-'));
  roles = await loadRoleRegistry({ builtinDir: builtinRolesDir() });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function compileText(name: string, lines: string[]) {
  const path = join(dir, name);
  await writeFile(path, lines.join('\n') + '\n');
  return compileWorkflow(await loadWorkflowFile(path), { roles });
}

async function compileProblems(name: string, lines: string[]): Promise<string[]> {
  const error = await compileText(name, lines).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ConfigErrors.isInstance(error)) throw new Error(`expected ConfigErrors, got ${String(error)}`);
  return error.errors.map((e) => e.message.replace(`${join(dir, name)}:`, ''));
}

describe('compileWorkflow on the standard workflow', () => {
  it('orders the stages and groups them into waves', async () => {
    const standard = compileWorkflow(await loadWorkflowFile(join(builtinWorkflowsDir(), 'standard.yml')), { roles });
    expect(standard.id).toBe('standard');
    expect(standard.waves).toEqual([
      ['write_prd'],
      ['design_system'],
      ['design_api'],
      ['plan_tasks'],
      ['implement'],
      ['review_code', 'test', 'write_deployment_guide', 'write_user_docs'],
    ]);
    expect(standard.stages.map((s) => s.id)).toEqual(standard.waves.flat());
    const implement = standard.stages.find((s) => s.id === 'implement');
    expect(implement).toEqual({
      id: 'implement',
      roleId: 'engineer',
      roleName: 'Software Engineer',
      inputs: ['system_design', 'api_spec', 'task_plan'],
      output: 'source_code',
      kind: 'source_code',
      behaviour: 'engineer',
      dependsOn: ['design_system', 'design_api', 'plan_tasks'],
      approval: false,
      retries: 2,
      specialists: { frontend: 'frontend_engineer' },
    });
    expect(standard.stages.find((s) => s.id === 'test')).toMatchObject({ behaviour: 'qa', kind: 'test_report', dependsOn: ['write_prd', 'design_system', 'implement'] });
    expect(JSON.parse(JSON.stringify(standard))).toEqual(standard);
  });
});

describe('compileWorkflow on seed files', () => {
  it('compiles the seed workflow through the built-in aliases', async () => {
    const seed = compileWorkflow(await loadWorkflowFile(SEED_WORKFLOW), { roles });
    expect(seed.stages.map((s) => [s.id, s.roleId, s.kind])).toEqual([
      ['requirements_analysis', 'product_manager', 'prd'],
      ['system_design', 'architect', 'system_design'],
      ['security_analysis', 'security_expert', 'sectioned'],
      ['implementation_planning', 'project_manager', 'task_plan'],
      ['code_generation', 'engineer', 'source_code'],
      ['code_review', 'code_reviewer', 'review'],
    ]);
    expect(seed.waves).toHaveLength(6);
  });

  it('uses the seed security expert when the project installs it', async () => {
    const withSeed = await loadRoleRegistry({ builtinDir: builtinRolesDir(), projectDir: SEED_ROLES });
    const seed = compileWorkflow(await loadWorkflowFile(SEED_WORKFLOW), { roles: withSeed });
    expect(withSeed.get('security_expert')?.source).toEqual({ layer: 'project', file: join(SEED_ROLES, 'security_expert.yml') });
    expect(seed.stages[2]).toMatchObject({ roleId: 'security_expert', roleName: 'Security Expert', kind: 'sectioned', behaviour: 'document' });
  });
});

const stage = (task: string, role: string, input: string, output: string, extra: string[] = []) => [
  `  - task: ${task}`,
  `    role: ${role}`,
  `    input: ${input}`,
  `    output: ${output}`,
  ...extra.map((line) => `    ${line}`),
];

describe('compileWorkflow validation', () => {
  it('names an unknown role with a suggestion, at its line', async () => {
    const problems = await compileProblems('unknown-role.yml', [
      'name: W',
      'stages:',
      ...stage('write_prd', 'product_manager', 'user_idea', 'prd'),
      ...stage('assess', 'secrity_expert', 'prd', 'assessment'),
      ...stage('judge', 'oracle', 'prd', 'verdict'),
    ]);
    expect(problems).toEqual([
      '8:5: stages[1].role: unknown role "secrity_expert" (did you mean "security_expert"?)',
      expect.stringMatching(/^12:5: stages\[2\]\.role: unknown role "oracle" \(known roles: api_designer, architect, /),
    ]);
  });

  it('names an input nobody produces, at the line of the list item', async () => {
    const problems = await compileProblems('missing-input.yml', [
      'name: W',
      'stages:',
      ...stage('write_prd', 'product_manager', 'user_idea', 'prd'),
      ...stage('design', 'architect', '[prd, requirments]', 'system_design'),
    ]);
    expect(problems).toEqual(['9:18: stages[1].input[1]: input "requirments" is not the output of any stage nor "user_idea"']);
  });

  it('suggests the output an input probably meant', async () => {
    const problems = await compileProblems('typo-input.yml', ['name: W', 'stages:', ...stage('write_prd', 'product_manager', 'user_idea', 'prd'), ...stage('design', 'architect', 'prdd', 'system_design')]);
    expect(problems).toEqual(['9:5: stages[1].input: input "prdd" is not the output of any stage (did you mean "prd"?)']);
  });

  it('names both stages that produce the same output', async () => {
    const problems = await compileProblems('duplicate-output.yml', [
      'name: W',
      'stages:',
      ...stage('write_prd', 'product_manager', 'user_idea', 'prd'),
      ...stage('rewrite_prd', 'product_manager', 'user_idea', 'prd'),
    ]);
    expect(problems).toEqual(['10:5: stages[1].output: output "prd" is produced by both stage "write_prd" (line 6) and stage "rewrite_prd"; give each document one producer']);
  });

  it('names the stages of a cycle in the order data flows', async () => {
    const problems = await compileProblems('cycle.yml', [
      'name: W',
      'stages:',
      ...stage('a', 'product_manager', '[user_idea, z]', 'x'),
      ...stage('b', 'architect', 'x', 'y'),
      ...stage('c', 'tech_writer', 'y', 'z'),
    ]);
    expect(problems).toEqual(['5:5: stages[0].input: stages form a cycle: a → b → c → a; each stage must read only what earlier stages wrote']);
  });

  it('refuses a stage that reads its own output', async () => {
    const problems = await compileProblems('self.yml', ['name: W', 'stages:', ...stage('loop', 'product_manager', '[user_idea, prd]', 'prd')]);
    expect(problems).toEqual(['5:24: stages[0].input[1]: stage "loop" depends on itself: it reads "prd", its own output']);
  });

  it('refuses duplicate stage ids and an empty workflow', async () => {
    expect(await compileProblems('dup-id.yml', ['name: W', 'stages:', ...stage('a', 'product_manager', 'user_idea', 'prd'), ...stage('a', 'architect', 'prd', 'system_design')])).toEqual([
      '7:5: stages[1].task: duplicate stage id "a": stages[0] (line 3) has it too',
    ]);
    expect(await compileProblems('empty.yml', ['name: W', 'stages: []'])).toEqual(['2:1: stages: the workflow has no stages; add at least one']);
  });

  it('refuses an engineer stage whose output is not source code, and foreach, which no engine step runs yet; approval is kept', async () => {
    const problems = await compileProblems('behaviour.yml', [
      'name: W',
      'stages:',
      ...stage('write_prd', 'product_manager', 'user_idea', 'prd'),
      ...stage('build', 'engineer', 'prd', 'system_design', ['foreach: task_plan', 'approval: true']),
    ]);
    expect(problems).toEqual([
      '10:5: stages[1].output: role "engineer" writes source_code, but output "system_design" is a system_design document; rename the output or use another role',
      '11:5: stages[1].foreach: foreach is not supported yet; engineer stages already fan out over the task plan, remove `foreach`',
    ]);
    const approved = await compileText('approval.yml', ['name: W', 'stages:', ...stage('write_prd', 'product_manager', 'user_idea', 'prd', ['approval: true'])]);
    expect(approved.stages[0]?.approval).toBe(true);
  });

  it('reports every problem of a workflow at once', async () => {
    const problems = await compileProblems('many.yml', [
      'name: W',
      'stages:',
      ...stage('a', 'nobody', 'user_idea', 'prd'),
      ...stage('b', 'architect', 'missing', 'prd'),
    ]);
    expect(problems).toHaveLength(3);
  });
});

describe('compileWorkflow specialists', () => {
  const planned = [
    'name: W',
    'stages:',
    ...stage('write_prd', 'product_manager', 'user_idea', 'prd'),
    ...stage('design', 'architect', 'prd', 'system_design'),
    ...stage('plan', 'project_manager', '[prd, system_design]', 'task_plan'),
  ];

  it('routes task types to engineer roles, by id or alias', async () => {
    const compiled = await compileText('specialists.yml', [...planned, ...stage('build', 'engineer', '[system_design, task_plan]', 'source_code'), '    specialists:', '      frontend: ui_engineer', '      testing: engineer']);
    expect(compiled.stages.find((s) => s.id === 'build')?.specialists).toEqual({ frontend: 'frontend_engineer', testing: 'engineer' });
  });

  it('names an unknown task type, a role that does not implement tasks and a stage that has no tasks, at their lines', async () => {
    const problems = await compileProblems('bad-specialists.yml', [
      ...planned,
      ...stage('build', 'engineer', '[system_design, task_plan]', 'source_code'),
      '    specialists:',
      '      fronted: frontend_engineer',
      '      docs: tech_writer',
      '      devops: opsy',
      ...stage('review', 'code_reviewer', 'source_code', 'review'),
      '    specialists:',
      '      frontend: frontend_engineer',
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^20:7: stages\[3\]\.specialists\.fronted: "fronted" is not a task type \(did you mean "frontend"\?\); the plan's tasks are backend, frontend, testing, devops, docs$/),
      expect.stringMatching(/^21:7: stages\[3\]\.specialists\.docs: role "tech_writer" does not implement tasks \(its behaviour is document\); a specialist needs `behaviour: engineer`$/),
      expect.stringMatching(/^22:7: stages\[3\]\.specialists\.devops: unknown role "opsy"/),
      expect.stringMatching(/^27:5: stages\[4\]\.specialists: only an engineer stage has specialists/),
    ]);
  });
});

describe('compileWorkflow stage options', () => {
  it('carries model, retries and the document kind rules', async () => {
    const workflow = await compileText('options.yml', [
      'name: Options',
      'description: d',
      'stages:',
      ...stage('write_prd', 'product_manager', 'user_idea', 'brief', ['model: openai:gpt-4o', 'retries: 0']),
      ...stage('notes', 'code_reviewer', 'brief', 'review_notes'),
    ]);
    expect(workflow.stages[0]).toMatchObject({ kind: 'prd', approval: false, model: 'openai:gpt-4o', retries: 0 });
    expect(workflow.stages[1]).toMatchObject({ kind: 'review', dependsOn: ['write_prd'] });
  });
});
