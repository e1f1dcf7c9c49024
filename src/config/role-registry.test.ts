import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadRoleRegistry } from './role-registry.js';

let root: string;
const dirs = () => ({ builtinDir: join(root, 'builtin'), userDir: join(root, 'user'), projectDir: join(root, 'project') });

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'atelier-roles-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function role(layer: string, file: string, lines: string[]): Promise<string> {
  await mkdir(join(root, layer), { recursive: true });
  const path = join(root, layer, file);
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

const plain = (name: string, extra: string[] = []) => [`name: ${name}`, 'description: d', 'system_prompt: p', ...extra];

describe('loadRoleRegistry', () => {
  it('prefers project over user over built-in, and records where each role came from', async () => {
    await role('builtin', 'engineer.yml', plain('Builtin Engineer', ['aliases: [code_generation]']));
    await role('builtin', 'architect.yml', plain('Builtin Architect'));
    await role('builtin', 'writer.yaml', plain('Builtin Writer'));
    const userArchitect = await role('user', 'architect.yml', plain('User Architect'));
    await role('user', 'engineer.yml', plain('User Engineer'));
    const projectEngineer = await role('project', 'engineer.yml', plain('Project Engineer'));

    const roles = await loadRoleRegistry(dirs());
    expect(roles.get('engineer')?.definition.name).toBe('Project Engineer');
    expect(roles.get('engineer')?.source).toEqual({ layer: 'project', file: projectEngineer });
    expect(roles.get('architect')?.source).toEqual({ layer: 'user', file: userArchitect });
    expect(roles.get('writer')?.source.layer).toBe('builtin');
    expect(roles.list().map((r) => r.id)).toEqual(['architect', 'engineer', 'writer']);
  });

  it('keeps a built-in alias pointing at an overriding role that declares none', async () => {
    await role('builtin', 'engineer.yml', plain('Builtin Engineer', ['aliases: [code_generation]']));
    await role('project', 'engineer.yml', plain('Seed-format Engineer'));
    const roles = await loadRoleRegistry(dirs());
    expect(roles.resolve('code_generation')).toMatchObject({ id: 'engineer', role: { definition: { name: 'Seed-format Engineer' } } });
  });

  it('resolves ids before aliases and suggests the closest name', async () => {
    await role('builtin', 'qa_engineer.yml', plain('QA', ['aliases: [testing, security_expert]']));
    await role('builtin', 'security_expert.yml', plain('Security Expert'));
    const roles = await loadRoleRegistry(dirs());
    expect(roles.resolve('security_expert')?.id).toBe('security_expert');
    expect(roles.resolve('testing')?.id).toBe('qa_engineer');
    expect(roles.resolve('nobody')).toBeUndefined();
    expect(roles.suggest('secrity_expert')).toBe('security_expert');
    expect(roles.suggest('testng')).toBe('testing');
    expect(roles.suggest('zzz')).toBeUndefined();
  });

  it('accepts missing folders', async () => {
    await role('builtin', 'pm.yml', plain('PM'));
    const roles = await loadRoleRegistry({ builtinDir: join(root, 'builtin'), userDir: join(root, 'nope'), projectDir: join(root, 'nada') });
    expect(roles.list()).toHaveLength(1);
  });

  it('keeps a broken file as a broken role, which hides the role of that id below it', async () => {
    await role('builtin', 'pm.yml', plain('PM'));
    await role('builtin', 'critic.yml', plain('Builtin Critic', ['aliases: [criticism]']));
    const broken = await role('user', 'critic.yml', ['name: Critic', 'system_prompt: [unclosed', 'description: x']);
    const roles = await loadRoleRegistry(dirs());
    expect(roles.list().map((r) => r.id)).toEqual(['pm']);
    expect(roles.get('critic')).toBeUndefined();
    // The built-in alias must not reach the built-in role the user's file replaces.
    expect(roles.get('criticism')).toBeUndefined();
    const [entry] = roles.broken();
    expect(entry).toMatchObject({ id: 'critic', source: { layer: 'user', file: broken } });
    expect(entry?.errors[0]?.file).toBe(broken);
    expect(entry?.errors[0]?.line).toBeGreaterThanOrEqual(2);
    expect(roles.brokenFor('critic')).toBe(entry);
    expect(roles.brokenFor('criticism')).toBe(entry);
    expect(roles.brokenFor('pm')).toBeUndefined();
  });

  it('lets a higher layer replace a broken role', async () => {
    await role('user', 'critic.yml', ['name: [unclosed']);
    await role('project', 'critic.yml', plain('Project Critic'));
    const roles = await loadRoleRegistry(dirs());
    expect(roles.get('critic')?.definition.name).toBe('Project Critic');
    expect(roles.broken()).toEqual([]);
  });

  it('breaks the second role claiming an alias of the same layer, not the registry', async () => {
    await role('user', 'a.yml', plain('A', ['aliases: [shared]']));
    const second = await role('user', 'b.yml', plain('B', ['aliases: [shared]']));
    const roles = await loadRoleRegistry(dirs());
    expect(roles.resolve('shared')?.id).toBe('a');
    const error = roles.brokenFor('b')?.errors[0];
    expect(error?.file).toBe(second);
    expect(error?.message).toContain('alias "shared" is also declared by role "a"');
  });

  it('throws when the change being checked would be the role whose alias clashes', async () => {
    await role('user', 'a.yml', plain('A', ['aliases: [shared]']));
    const replacement = { id: 'b', file: join(root, 'user', 'b.yml'), definition: { name: 'B', description: 'd', system_prompt: 'p', aliases: ['shared'], behaviour: 'document' as const }, warnings: [] };
    const error = await loadRoleRegistry(dirs(), { layer: 'user', id: 'b', replacement }).catch((e: unknown) => e);
    expect(ConfigError.isInstance(error) && error.message).toContain('alias "shared" is also declared by role "a"');
  });

  it('breaks an id defined twice in one layer', async () => {
    await role('builtin', 'pm.yml', plain('Builtin PM'));
    await role('project', 'pm.yml', plain('PM'));
    await role('project', 'pm.yaml', plain('PM again'));
    const roles = await loadRoleRegistry(dirs());
    expect(roles.get('pm')).toBeUndefined();
    expect(roles.brokenFor('pm')?.errors[0]?.message).toMatch(/role "pm" is also defined by .*pm\.yaml; keep one/);
  });
});
