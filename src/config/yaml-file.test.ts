import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { locateNode, parseYaml, readYamlFile, yamlLocator, zodIssuesToConfigErrors } from './yaml-file.js';

const text = ['name: Demo', 'stages:', '  - task: a', '    role: pm', '  - task: b', '    input: [x, y]', ''].join('\n');

describe('parseYaml', () => {
  it('reports a syntax error with its line and column', () => {
    const broken = ['name: Demo', 'stages:', '  - task: a', '    role: [unclosed', '  - task: b', ''].join('\n');
    try {
      parseYaml(broken, 'w.yml');
      expect.fail('expected a ConfigError');
    } catch (error) {
      expect(ConfigError.isInstance(error)).toBe(true);
      const e = error as ConfigError;
      expect(e.file).toBe('w.yml');
      expect(e.line).toBeGreaterThanOrEqual(4);
      expect(e.line).toBeLessThanOrEqual(5);
      expect(e.message).toMatch(/^w\.yml:\d+:\d+: invalid YAML: /);
    }
  });

  it('refuses duplicate keys, which YAML would otherwise resolve silently', () => {
    expect(() => parseYaml('name: a\nname: b\n', 'r.yml')).toThrow(/r\.yml:2:1: invalid YAML/);
  });

  it('gives null for an empty file', () => {
    expect(parseYaml('# nothing\n', 'e.yml').value).toBeNull();
  });
});

describe('locateNode', () => {
  const source = parseYaml(text, 'w.yml');

  it('finds a field by the line of its key', () => {
    expect(locateNode(source, ['stages', 0, 'role'])).toEqual({ line: 4, column: 5, found: true });
    expect(locateNode(source, ['stages', 1, 'input', 1])).toEqual({ line: 6, column: 16, found: true });
  });

  it('falls back to the parent of a missing field', () => {
    expect(locateNode(source, ['stages', 1, 'role'])).toEqual({ line: 5, column: 5, found: false });
    expect(locateNode(source, ['description'])).toEqual({ line: 1, column: 1, found: false });
  });

  it('maps paths of a stages file through the dropped prefix', () => {
    const list = parseYaml('- task: a\n  role: pm\n- task: b\n  role: qa\n', 's.yml');
    expect(yamlLocator(list, { dropPrefix: ['stages'] }).locate(['stages', 1, 'role'])).toEqual({ line: 4, column: 3, found: true });
  });
});

describe('zodIssuesToConfigErrors', () => {
  it('names the line of a wrongly typed field and of a missing one', () => {
    const source = parseYaml(text, 'w.yml');
    const schema = z.object({ stages: z.array(z.object({ task: z.string(), role: z.string(), input: z.array(z.number()).optional() })) });
    const result = schema.safeParse(source.value);
    if (result.success) expect.fail('expected issues');
    const errors = zodIssuesToConfigErrors(yamlLocator(source), result.error.issues, source.value).map(String);
    expect(errors).toContain('w.yml:5:5: stages[1].role: is required (expected string)');
    expect(errors).toContain('w.yml:6:13: stages[1].input[0]: expected number, got "x"');
  });
});

describe('readYamlFile', () => {
  it('names a missing file', async () => {
    await expect(readYamlFile('/nonexistent/atelier/role.yml')).rejects.toThrow('/nonexistent/atelier/role.yml: file not found');
  });
});
