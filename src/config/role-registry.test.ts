import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, configProblems } from './config-error.js';
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

  it('throws on a broken file instead of skipping it', async () => {
    await role('builtin', 'pm.yml', plain('PM'));
    const broken = await role('user', 'critic.yml', ['name: Critic', 'system_prompt: [unclosed', 'description: x']);
    const error = await loadRoleRegistry(dirs()).catch((e: unknown) => e);
    const problems = configProblems(error);
    expect(problems?.[0]?.file).toBe(broken);
    expect(problems?.[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses one alias claimed by two roles of the same layer', async () => {
    await role('user', 'a.yml', plain('A', ['aliases: [shared]']));
    const second = await role('user', 'b.yml', plain('B', ['aliases: [shared]']));
    const error = await loadRoleRegistry(dirs()).catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).file).toBe(second);
    expect((error as ConfigError).message).toContain('alias "shared" is also declared by role "a"');
  });

  it('refuses the same id twice in one layer', async () => {
    await role('project', 'pm.yml', plain('PM'));
    await role('project', 'pm.yaml', plain('PM again'));
    await expect(loadRoleRegistry(dirs())).rejects.toThrow(/role "pm" is also defined by .*pm\.yaml; keep one/);
  });
});
