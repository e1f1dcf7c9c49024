import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinRolesDir, builtinWorkflowsDir, packageRoot } from './builtin-dirs.js';
import { compileWorkflow } from './compile-workflow.js';
import { loadRoleFile, loadStagesFile } from './load-workflow.js';
import { loadRoleRegistry, type RoleRegistry } from './role-registry.js';
import { loadWorkflowRegistry, type WorkflowRegistry } from './workflow-registry.js';

const EXAMPLES = join(packageRoot(), 'examples', 'security');

/** The seed named roles by task; these names must keep resolving to the built-in roles. */
const SEED_ALIASES: Record<string, string> = {
  requirements_analysis: 'product_manager',
  system_design: 'architect',
  api_design: 'api_designer',
  implementation_planning: 'project_manager',
  code_generation: 'engineer',
  code_review: 'code_reviewer',
  testing: 'qa_engineer',
  deployment: 'devops',
  documentation: 'tech_writer',
};

const DOCUMENTS: Record<string, string> = {
  product_manager: 'prd',
  architect: 'system_design',
  api_designer: 'api_spec',
  project_manager: 'task_plan',
  engineer: 'source_code',
  frontend_engineer: 'source_code',
  code_reviewer: 'review',
  qa_engineer: 'test_report',
  devops: 'deployment_guide',
  tech_writer: 'user_docs',
};

let roles: RoleRegistry;
let workflows: WorkflowRegistry;
beforeAll(async () => {
  roles = await loadRoleRegistry({ builtinDir: builtinRolesDir() });
  workflows = await loadWorkflowRegistry({ builtinDir: builtinWorkflowsDir() });
});

describe('built-in roles', () => {
  it('are the company, each writing its document', () => {
    expect(roles.list().map((r) => r.id)).toEqual([...Object.keys(DOCUMENTS), 'security_expert'].sort());
    for (const [id, document] of Object.entries(DOCUMENTS)) expect(roles.get(id)?.definition.document, id).toBe(document);
    expect(roles.get('engineer')?.definition.behaviour).toBe('engineer');
    expect(roles.get('frontend_engineer')?.definition.behaviour).toBe('engineer');
    expect(roles.get('qa_engineer')?.definition.behaviour).toBe('qa');
  });

  it('answer to the names the seed gave them', () => {
    for (const [alias, id] of Object.entries(SEED_ALIASES)) expect(roles.resolve(alias)?.id, alias).toBe(id);
  });

  it('load without warnings and declare a display name and model preferences', () => {
    for (const role of roles.list()) {
      expect(role.warnings, role.id).toEqual([]);
      expect(role.definition.display_name, role.id).toBeTruthy();
      expect(role.definition.model_preferences?.context_size, role.id).toBeDefined();
      expect(role.definition.model_preferences?.temperature, role.id).toBeDefined();
    }
  });

  it('have prompts of 25 to 60 lines that name their method and what to avoid', () => {
    for (const role of roles.list()) {
      const lines = role.definition.system_prompt.trimEnd().split('\n').length;
      expect(lines, role.id).toBeGreaterThanOrEqual(25);
      expect(lines, role.id).toBeLessThanOrEqual(60);
      expect(role.definition.system_prompt, role.id).toMatch(/\nAvoid\n/);
    }
  });
});

describe('built-in workflows', () => {
  it('all compile against the built-in roles', () => {
    expect(workflows.list().map((w) => w.id)).toEqual(['security_focused', 'standard']);
    for (const workflow of workflows.list()) {
      expect(workflow.warnings, workflow.id).toEqual([]);
      expect(() => compileWorkflow(workflow, { roles }), workflow.id).not.toThrow();
    }
  });

  it('security_focused feeds the assessment to planning, implementation and review, and ends with tests', () => {
    const entry = workflows.get('security_focused');
    if (!entry) throw new Error('security_focused is missing');
    const compiled = compileWorkflow(entry, { roles });
    const readers = compiled.stages.filter((s) => s.inputs.includes('security_assessment')).map((s) => s.id);
    expect(readers).toEqual(['implementation_planning', 'code_generation', 'code_review']);
    expect(compiled.stages.find((s) => s.id === 'security_analysis')).toMatchObject({ roleId: 'security_expert', kind: 'sectioned' });
    expect(compiled.waves.at(-1)).toEqual(['code_review', 'testing']);
  });
});

describe('the security example', () => {
  it('is a seed-format role whose prompt is security_prompt.txt, like the built-in copy', async () => {
    const example = await loadRoleFile(join(EXAMPLES, 'security_expert.yml'));
    const prompt = await readFile(join(EXAMPLES, 'security_prompt.txt'), 'utf8');
    expect(example.warnings).toEqual([]);
    expect(Object.keys(await readRaw(join(EXAMPLES, 'security_expert.yml'))).sort()).toEqual(
      ['description', 'model_preferences', 'name', 'output_format', 'system_prompt'],
    );
    expect(example.definition.system_prompt).toBe(prompt);
    expect(roles.get('security_expert')?.definition.system_prompt).toBe(prompt);
    for (const pattern of ['OWASP', 'authentication', 'encryption', 'STRIDE']) expect(prompt).toContain(pattern);
    expect(example.definition.output_format?.validation?.required_patterns).toEqual(['OWASP', 'authentication', 'encryption']);
  });

  it('ships a stages file that compiles with the seed role names', async () => {
    const stages = await loadStagesFile(join(EXAMPLES, 'security_workflow_stages.yml'));
    const compiled = compileWorkflow(stages, { roles });
    expect(compiled.stages.map((s) => s.roleId)).toEqual([
      'product_manager',
      'architect',
      'security_expert',
      'project_manager',
      'engineer',
      'code_reviewer',
      'qa_engineer',
    ]);
  });
});

async function readRaw(file: string): Promise<object> {
  const value: unknown = parse(await readFile(file, 'utf8'));
  return typeof value === 'object' && value !== null ? value : {};
}
