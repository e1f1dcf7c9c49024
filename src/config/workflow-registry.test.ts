import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWorkflowRegistry } from './workflow-registry.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'atelier-workflows-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function workflow(layer: string, file: string, text: string): Promise<string> {
  await mkdir(join(root, layer), { recursive: true });
  const path = join(root, layer, file);
  await writeFile(path, text);
  return path;
}

const named = (name: string) => `name: ${name}\nstages:\n  - task: a\n    role: pm\n    input: user_idea\n    output: prd\n`;

describe('loadWorkflowRegistry', () => {
  it('layers project over user over built-in by file name', async () => {
    await workflow('builtin', 'standard.yml', named('Builtin standard'));
    await workflow('builtin', 'lean.yml', named('Builtin lean'));
    const user = await workflow('user', 'standard.yml', named('User standard'));
    const project = await workflow('project', 'lean.yaml', named('Project lean'));
    const workflows = await loadWorkflowRegistry({ builtinDir: join(root, 'builtin'), userDir: join(root, 'user'), projectDir: join(root, 'project') });
    expect(workflows.get('standard')).toMatchObject({ definition: { name: 'User standard' }, source: { layer: 'user', file: user } });
    expect(workflows.get('lean')).toMatchObject({ definition: { name: 'Project lean' }, source: { layer: 'project', file: project } });
    expect(workflows.list().map((w) => w.id)).toEqual(['lean', 'standard']);
    expect(workflows.suggest('standrd')).toBe('standard');
  });

  it('holds stages files beside workflow files', async () => {
    await workflow('builtin', 'quick.yml', '- task: a\n  role: pm\n  input: user_idea\n  output: prd\n');
    const workflows = await loadWorkflowRegistry({ builtinDir: join(root, 'builtin') });
    expect(workflows.get('quick')?.definition.stages).toHaveLength(1);
  });

  it('throws on a broken workflow file with its line', async () => {
    const path = await workflow('builtin', 'bad.yml', 'name: Bad\nstages:\n  - task: a\n    role: pm\n    input: 3\n    output: prd\n');
    await expect(loadWorkflowRegistry({ builtinDir: join(root, 'builtin') })).rejects.toThrow(`${path}:5:5: stages[0].input`);
  });
});
