import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigChangeError } from './config-change-error.js';
import { configProblems } from './config-error.js';
import { planRoleDelete, planRoleWrite } from './role-changes.js';
import { AUDITOR, put, tempLocations } from './temp-locations.test-support.js';

const AUDIT_WORKFLOW = 'name: Audit\nstages:\n  - task: audit\n    input: user_idea\n    output: audit\n    role: auditor\n';

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((e: unknown) => e);
  return ConfigChangeError.isInstance(error) ? error.reason : String(error);
}

describe('planRoleWrite', () => {
  it('plans a new user role at <user>/roles/<id>.yml, and a project one under .atelier', async () => {
    const locations = await tempLocations();
    const user = await planRoleWrite(locations, { id: 'auditor', layer: 'user', text: AUDITOR, mode: 'create' });
    expect(user).toMatchObject({ file: join(locations.userConfigDir, 'roles', 'auditor.yml'), text: AUDITOR, notes: [] });
    const project = await planRoleWrite(locations, { id: 'auditor', layer: 'project', text: AUDITOR, mode: 'create' });
    expect(project.file).toBe(join(locations.projectStateDir, 'roles', 'auditor.yml'));
  });

  it('refuses illegal ids and clashes in the layer unless forced, and says what a write overrides', async () => {
    const locations = await tempLocations();
    expect(await reason(planRoleWrite(locations, { id: 'Auditor', layer: 'user', text: AUDITOR, mode: 'create' }))).toBe('invalid');
    // The user layer exists to override built-ins: creating over one needs no --force, and says what it overrides.
    const override = await planRoleWrite(locations, { id: 'architect', layer: 'user', text: AUDITOR, mode: 'create' });
    expect(override.notes).toEqual([expect.stringMatching(/^overrides the built-in role "architect" \(.*roles\/architect\.yml\)$/)]);
    const overAlias = await planRoleWrite(locations, { id: 'testing', layer: 'user', text: AUDITOR, mode: 'create' });
    expect(overAlias.notes).toEqual(['"testing" was an alias of role "qa_engineer"; workflows that name "testing" now use this role']);
    const forced = await planRoleWrite(locations, { id: 'architect', layer: 'user', text: AUDITOR, mode: 'create', force: true });
    expect(forced.notes).toEqual([expect.stringMatching(/^overrides the built-in role "architect" \(.*roles\/architect\.yml\)$/)]);
    await put(forced.file, AUDITOR);
    expect(await reason(planRoleWrite(locations, { id: 'architect', layer: 'user', text: AUDITOR, mode: 'create' }))).toBe('exists');

    await put(join(locations.userConfigDir, 'roles', 'auditor.yaml'), AUDITOR);
    expect(await reason(planRoleWrite(locations, { id: 'auditor', layer: 'user', text: AUDITOR, mode: 'import' }))).toBe('exists');
    // Replacing keeps the file's own extension, so the layer never holds auditor.yml and auditor.yaml.
    const replaced = await planRoleWrite(locations, { id: 'auditor', layer: 'user', text: AUDITOR, mode: 'import', force: true });
    expect(replaced.file).toBe(join(locations.userConfigDir, 'roles', 'auditor.yaml'));
    // Import only clashes within its layer.
    expect((await planRoleWrite(locations, { id: 'auditor', layer: 'project', text: AUDITOR, mode: 'import' })).notes).toEqual([
      `overrides the user role "auditor" (${replaced.file})`,
    ]);
  });

  it('reports problems in the text against the source file, with lines', async () => {
    const locations = await tempLocations();
    const error = await planRoleWrite(locations, { id: 'auditor', layer: 'user', text: 'name: A\n', sourceFile: '/in/auditor.yml', mode: 'import' }).catch((e: unknown) => e);
    expect(configProblems(error)?.map((e) => e.message)).toEqual(['/in/auditor.yml:1:1: system_prompt: is required (expected string)']);
  });

  it('refuses to create a role over an alias a role of the same layer declares, unless forced', async () => {
    const locations = await tempLocations();
    await put(join(locations.userConfigDir, 'roles', 'checker.yml'), `${AUDITOR}aliases: [audit]\n`);
    const error = await planRoleWrite(locations, { id: 'audit', layer: 'user', text: AUDITOR, mode: 'create' }).catch((e: unknown) => e);
    expect(ConfigChangeError.isInstance(error) && error.message).toMatch(/^"audit" is an alias of role "checker" in the user layer .*pass --force/);
    const inProject = await planRoleWrite(locations, { id: 'audit', layer: 'project', text: AUDITOR, mode: 'create' });
    expect(inProject.notes).toEqual(['"audit" was an alias of role "checker"; workflows that name "audit" now use this role']);
  });

  it('refuses an alias another role of the layer declares', async () => {
    const locations = await tempLocations();
    await put(join(locations.userConfigDir, 'roles', 'checker.yml'), `${AUDITOR}aliases: [audit]\n`);
    const error = await planRoleWrite(locations, { id: 'auditor', layer: 'user', text: `${AUDITOR}aliases: [audit]\n`, mode: 'create' }).catch((e: unknown) => e);
    expect(String(error)).toContain('alias "audit" is also declared by role "checker"');
  });

  it('refuses a change that would break a workflow that compiles today, unless forced', async () => {
    const locations = await tempLocations();
    await put(join(locations.userConfigDir, 'roles', 'auditor.yml'), AUDITOR);
    await put(join(locations.userConfigDir, 'workflows', 'audit.yml'), AUDIT_WORKFLOW);
    const engineerAuditor = `${AUDITOR}behaviour: engineer\n`;
    const error = await planRoleWrite(locations, { id: 'auditor', layer: 'user', text: engineerAuditor, mode: 'edit' }).catch((e: unknown) => e);
    expect(ConfigChangeError.isInstance(error) && error.reason).toBe('breaks');
    expect(String(error)).toContain('role "auditor" writes source_code');
    await expect(planRoleWrite(locations, { id: 'auditor', layer: 'user', text: engineerAuditor, mode: 'edit', force: true })).resolves.toBeDefined();
  });

  it('lets an edit fix a broken file even though the registry does not load before it', async () => {
    const locations = await tempLocations();
    await put(join(locations.userConfigDir, 'roles', 'auditor.yml'), 'name: [broken\n');
    const plan = await planRoleWrite(locations, { id: 'auditor', layer: 'user', text: AUDITOR, mode: 'edit' });
    expect(plan.file).toBe(join(locations.userConfigDir, 'roles', 'auditor.yml'));
  });
});

describe('planRoleDelete', () => {
  it('deletes from the highest writable layer and says what the id means afterwards', async () => {
    const locations = await tempLocations();
    const user = await put(join(locations.userConfigDir, 'roles', 'architect.yml'), AUDITOR);
    const project = await put(join(locations.projectStateDir, 'roles', 'architect.yml'), AUDITOR);
    const plan = await planRoleDelete(locations, { id: 'architect' });
    expect(plan).toMatchObject({ layer: 'project', file: project, notes: [`"architect" now resolves to the user role (${user})`] });
    expect((await planRoleDelete(locations, { id: 'architect', layer: 'user' })).file).toBe(user);
  });

  it('refuses built-in roles, unknown ids, and roles a workflow needs', async () => {
    const locations = await tempLocations();
    expect(await reason(planRoleDelete(locations, { id: 'engineer' }))).toBe('builtin');
    await expect(planRoleDelete(locations, { id: 'enginer' })).rejects.toThrow('there is no role "enginer" (did you mean "engineer"?)');
    await put(join(locations.userConfigDir, 'roles', 'auditor.yml'), AUDITOR);
    expect(await reason(planRoleDelete(locations, { id: 'auditor', layer: 'project' }))).toBe('not_found');
    await put(join(locations.projectStateDir, 'workflows', 'audit.yml'), AUDIT_WORKFLOW);
    expect(await reason(planRoleDelete(locations, { id: 'auditor' }))).toBe('breaks');
    await expect(planRoleDelete(locations, { id: 'auditor', force: true })).resolves.toMatchObject({ layer: 'user' });
  });
});
