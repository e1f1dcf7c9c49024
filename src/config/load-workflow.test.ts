import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ConfigErrors, configProblems } from './config-error.js';
import { loadRoleFile, loadStagesFile, loadWorkflowFile } from './load-workflow.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atelier-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

async function problems(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    const found = configProblems(error);
    if (found) return found.map(String);
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('loadRoleFile', () => {
  it('loads the seed role unchanged, with Atelier defaults', async () => {
    const role = await loadRoleFile(join(FIXTURES, 'roles', 'security_expert.yml'));
    expect(role.id).toBe('security_expert');
    expect(role.warnings).toEqual([]);
    expect(role.definition).toMatchObject({
      name: 'Security Expert',
      description: 'Performs comprehensive security analysis',
      system_prompt: 'You are a senior cybersecurity expert...\n',
      output_format: { sections: ['Executive Summary', 'Threat Model', 'Detailed Findings'], validation: { required_patterns: ['OWASP', 'authentication', 'encryption'] } },
      model_preferences: { context_size: 'large', reasoning: 'strong', temperature: 0.1 },
      behaviour: 'document',
    });
  });

  it('names the line of a wrongly typed field', async () => {
    const path = await file('critic.yml', [
      'name: Critic',
      'description: Finds fault',
      'system_prompt: Be critical.',
      'model_preferences:',
      '  context_size: huge',
      '  temperature: 3',
    ]);
    expect(await problems(loadRoleFile(path))).toEqual([
      `${path}:5:3: model_preferences.context_size: context_size must be small, medium, large or a positive number of tokens`,
      `${path}:6:3: model_preferences.temperature: temperature must be between 0 and 2`,
    ]);
  });

  it('points a missing system_prompt at the mapping that lacks it', async () => {
    const path = await file('mute.yml', ['name: Mute', 'description: Says nothing']);
    expect(await problems(loadRoleFile(path))).toEqual([`${path}:1:1: system_prompt: is required (expected string)`]);
  });

  it('refuses an unknown document kind and behaviour', async () => {
    const path = await file('odd.yml', ['name: Odd', 'system_prompt: x', 'document: poem', 'behaviour: poet']);
    const found = await problems(loadRoleFile(path));
    expect(found[0]).toMatch(new RegExp(`^${path}:3:1: document: "poem" is not one of "prd", `));
    expect(found[1]).toBe(`${path}:4:1: behaviour: "poet" is not one of "document", "engineer", "qa"`);
  });

  it('keeps unknown keys but warns about them, with a hint for a typo', async () => {
    const path = await file('typo.yml', ['name: Typo', 'system_prompt: x', 'sytem_notes: y', 'model_preferences:', '  temprature: 0.5']);
    const role = await loadRoleFile(path);
    expect(role.definition['sytem_notes']).toBe('y');
    expect(role.warnings.map((w) => `${w.line}:${w.field}: ${w.message}`)).toEqual([
      '3:sytem_notes: unknown key "sytem_notes" is ignored',
      '5:model_preferences.temprature: unknown key "temprature" is ignored (did you mean "temperature"?)',
    ]);
  });

  it('reports broken YAML syntax with its line', async () => {
    const path = await file('broken.yml', ['name: Broken', 'system_prompt: "unterminated', 'description: x']);
    try {
      await loadRoleFile(path);
      expect.fail('expected a ConfigError');
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      // The parser meets the problem at the end of the file; the message points where the quote opens.
      expect((error as ConfigError).line).toBe(2);
      expect((error as ConfigError).message).toContain('invalid YAML: Missing closing "quote');
    }
  });

  it('reports a nested mapping where a value belongs at its line and column', async () => {
    const path = await file('nested.yml', ['name: Nested', 'system_prompt: You are: a critic', 'description: x']);
    await expect(loadRoleFile(path)).rejects.toThrow(`${path}:2:16: invalid YAML: Nested mappings are not allowed in compact mappings`);
  });

  it('refuses an empty file', async () => {
    const path = await file('empty.yml', ['']);
    await expect(loadRoleFile(path)).rejects.toThrow(`${path}: the file is empty`);
  });
});

describe('loadWorkflowFile', () => {
  it('loads the seed workflow unchanged', async () => {
    const workflow = await loadWorkflowFile(join(FIXTURES, 'workflows', 'security_workflow.yml'));
    expect(workflow.id).toBe('security_workflow');
    expect(workflow.definition.name).toBe('Security Focused Workflow');
    expect(workflow.definition.stages.map((s) => s.task)).toEqual([
      'requirements_analysis',
      'system_design',
      'security_analysis',
      'implementation_planning',
      'code_generation',
      'code_review',
    ]);
    expect(workflow.warnings).toEqual([]);
  });

  it('reports every schema problem at once, each on its line', async () => {
    const path = await file('bad.yml', [
      'name: Bad',
      'stages:',
      '  - task: Write PRD',
      '    role: product_manager',
      '    input: user_idea',
      '    output: prd',
      '  - task: design',
      '    role: architect',
      '    input: prd',
      '    retries: many',
    ]);
    const error = await loadWorkflowFile(path).catch((e: unknown) => e);
    expect(ConfigErrors.isInstance(error)).toBe(true);
    expect((error as ConfigErrors).errors.map(String)).toEqual([
      `${path}:3:5: stages[0].task: must match ^[a-z][a-z0-9_-]*$ (lower case, digits, _ and -)`,
      `${path}:7:5: stages[1].output: is required (expected string)`,
      `${path}:10:5: stages[1].retries: expected number, got "many"`,
    ]);
  });

  it('warns about a misspelt stage key instead of ignoring it silently', async () => {
    const path = await file('typo.yml', ['name: T', 'stages:', '  - task: a', '    role: pm', '    input: user_idea', '    output: prd', '    aproval: true']);
    const workflow = await loadWorkflowFile(path);
    expect(workflow.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual(['7: unknown key "aproval" is ignored (did you mean "approval"?)']);
  });

  it('accepts a bare stages list, named after the file', async () => {
    const path = await file('quick.yml', ['- task: a', '  role: pm', '  input: user_idea', '  output: prd']);
    const workflow = await loadWorkflowFile(path);
    expect(workflow.definition).toMatchObject({ name: 'quick', description: '', stages: [{ task: 'a' }] });
  });
});

describe('loadStagesFile', () => {
  it('loads a list of stages and names its problems as stages[i]', async () => {
    const path = await file('stages.yml', ['- task: a', '  role: pm', '  input: user_idea', '  output: prd', '- task: b', '  role: 7', '  input: prd', '  output: design']);
    expect(await problems(loadStagesFile(path))).toEqual([`${path}:6:3: stages[1].role: expected string, got number 7`]);
  });

  it('refuses a workflow mapping', async () => {
    const path = await file('mapping.yml', ['name: x', 'stages: []']);
    await expect(loadStagesFile(path)).rejects.toThrow(`${path}:1:1: a stages file must be a list of stages`);
  });
});
