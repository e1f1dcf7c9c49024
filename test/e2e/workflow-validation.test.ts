import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';

const HEADER = 'name: Broken\ndescription: a workflow with a mistake\nstages:\n';

const cases: { title: string; stages: string; expected: RegExp }[] = [
  {
    title: 'an unknown role',
    stages: '  - task: write_prd\n    input: user_idea\n    output: prd\n    role: prodct_manager\n',
    expected: /bad\.yml:7:\d+: stages\[0\]\.role: unknown role "prodct_manager" \(did you mean "product_manager"\?\)/,
  },
  {
    title: 'an input no stage produces',
    stages: '  - task: design\n    input: prd\n    output: system_design\n    role: architect\n',
    expected: /bad\.yml:5:\d+: stages\[0\]\.input.*"prd"/,
  },
  {
    title: 'two stages with one output',
    stages:
      '  - task: a\n    input: user_idea\n    output: prd\n    role: product_manager\n  - task: b\n    input: user_idea\n    output: prd\n    role: product_manager\n',
    expected: /bad\.yml:10:\d+: stages\[1\]\.output.*"prd"/,
  },
  {
    title: 'a cycle',
    stages:
      '  - task: a\n    input: design\n    output: prd\n    role: product_manager\n  - task: b\n    input: prd\n    output: design\n    role: architect\n',
    expected: /bad\.yml:\d+:\d+: .*cycle.*a → b → a|bad\.yml:\d+:\d+: .*cycle.*b → a → b/,
  },
];

describe('workflow validation before anything runs', () => {
  for (const { title, stages, expected } of cases) {
    it(`reports ${title} with file and line, and writes nothing`, async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, 'bad.yml'), HEADER + stages);
      const result = await runCli(['run', '--idea', 'a todo app', '--workflow', './bad.yml', '--model', 'm', '--project', 'p'], {
        cwd,
        env: cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).toContain('nothing was run');
      expect(existsSync(join(cwd, 'p'))).toBe(false);
    });
  }

  it('reports broken YAML with its line', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad.yml'), `${HEADER}  - task: a\n    input: [user_idea\n    output: prd\n`);
    const result = await runCli(['run', '--idea', 'x', '--workflow', './bad.yml', '--model', 'm', '--project', 'p'], { cwd, env: cleanEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yml:\d+:\d+/);
    expect(existsSync(join(cwd, 'p'))).toBe(false);
  });
});
