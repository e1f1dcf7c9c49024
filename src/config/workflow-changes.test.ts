import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './builtin-dirs.js';
import { ConfigChangeError } from './config-change-error.js';
import { configProblems } from './config-error.js';
import { loadStagesFile, workflowFromSource } from './load-workflow.js';
import { put, tempLocations } from './temp-locations.test-support.js';
import { checkWorkflowFile, compileWorkflowById, planWorkflowDelete, planWorkflowWrite, workflowTextFromStagesFile } from './workflow-changes.js';
import { parseYaml } from './yaml-file.js';

const SEED_STAGES = join(packageRoot(), 'examples', 'security', 'security_workflow_stages.yml');
const TINY = 'name: Tiny\nstages:\n  - task: write_prd\n    input: user_idea\n    output: prd\n    role: product_manager\n';

describe('workflowTextFromStagesFile', () => {
  it('wraps the seed stages file in a seed-format workflow with the same stages', async () => {
    const locations = await tempLocations();
    const text = await workflowTextFromStagesFile(locations, SEED_STAGES, { id: 'security_focused', name: 'Security Focused Workflow', description: 'Security first' });
    expect(text.startsWith('name: Security Focused Workflow\ndescription: Security first\nstages:\n')).toBe(true);
    expect(text).toContain('    input: [requirements_doc, design_doc]\n');
    const written = workflowFromSource(parseYaml(text, 'security_focused.yml'));
    expect(written.definition.stages).toEqual((await loadStagesFile(SEED_STAGES)).definition.stages);
  });

  it('reports stage problems at their line in the stages file', async () => {
    const locations = await tempLocations();
    const file = await put(join(locations.projectDir, 'stages.yml'), '- task: a\n  input: user_idea\n  output: prd\n  role: prodct_manager\n');
    const error = await workflowTextFromStagesFile(locations, file, { id: 'x' }).catch((e: unknown) => e);
    expect(configProblems(error)?.map((e) => e.message)).toEqual([`${file}:4:3: stages[0].role: unknown role "prodct_manager" (did you mean "product_manager"?)`]);
  });
});

describe('planWorkflowWrite', () => {
  it('refuses clashes unless forced and compiles against the project roles', async () => {
    const locations = await tempLocations();
    const create = (id: string, force?: boolean) => planWorkflowWrite(locations, { id, layer: 'user', text: TINY, sourceFile: 'in.yml', mode: 'create', force });
    // Over a built-in workflow, create writes an override in the user layer and says so; only the same layer clashes.
    expect((await create('standard')).notes).toEqual([expect.stringMatching(/^overrides the built-in workflow "standard"/)]);
    const forced = await create('standard', true);
    expect(forced.notes).toEqual([expect.stringMatching(/^overrides the built-in workflow "standard"/)]);
    await put(forced.file, TINY);
    await expect(create('standard')).rejects.toThrow(`workflow "standard" already exists in the user layer (${forced.file}); pass --force to replace it`);
    const error = await create('bad id').catch((e: unknown) => e);
    expect(ConfigChangeError.isInstance(error) && error.reason).toBe('invalid');

    const withProjectRole = TINY.replace('role: product_manager', 'role: auditor');
    const unknown = await planWorkflowWrite(locations, { id: 'tiny', layer: 'user', text: withProjectRole, sourceFile: 'in.yml', mode: 'import' }).catch((e: unknown) => e);
    expect(configProblems(unknown)?.[0]?.message).toMatch(/^in\.yml:6:5: stages\[0\]\.role: unknown role "auditor"/);
    await put(join(locations.projectStateDir, 'roles', 'auditor.yml'), 'name: Auditor\nsystem_prompt: You audit.\ndocument: prd\n');
    await expect(planWorkflowWrite(locations, { id: 'tiny', layer: 'user', text: withProjectRole, sourceFile: 'in.yml', mode: 'import' })).resolves.toMatchObject({
      file: join(locations.userConfigDir, 'workflows', 'tiny.yml'),
    });
  });

  it('passes unknown keys on as warnings', async () => {
    const locations = await tempLocations();
    const plan = await planWorkflowWrite(locations, { id: 'tiny', layer: 'project', text: `${TINY}    aproval: true\n`, sourceFile: 'in.yml', mode: 'import' });
    expect(plan.notes).toEqual(['warning: in.yml:7:5: stages[0].aproval: unknown key "aproval" is ignored (did you mean "approval"?)']);
  });
});

describe('planWorkflowDelete and lookups', () => {
  it('warns when the deleted workflow is still the active one', async () => {
    const locations = await tempLocations();
    const file = await put(join(locations.userConfigDir, 'workflows', 'tiny.yml'), TINY);
    await put(join(locations.userConfigDir, 'atelier.config.yml'), 'workflow: tiny\n');
    const plan = await planWorkflowDelete(locations, { id: 'tiny' });
    expect(plan.file).toBe(file);
    expect(plan.notes).toEqual([expect.stringContaining('still names "tiny" as the active workflow')]);
    await expect(planWorkflowDelete(locations, { id: 'standard' })).rejects.toThrow('cannot be deleted');
  });

  it('compiles by id with a suggestion for a typo, and checks files', async () => {
    const locations = await tempLocations();
    await expect(compileWorkflowById(locations, 'standrd')).rejects.toThrow('unknown workflow "standrd" (did you mean "standard"?)');
    expect((await compileWorkflowById(locations, 'security_focused')).compiled.stages).toHaveLength(7);
    const checked = await checkWorkflowFile(locations, SEED_STAGES);
    expect(checked.compiled.id).toBe('security_workflow_stages');
    expect(await readFile(SEED_STAGES, 'utf8')).toContain('security_expert');
  });
});
