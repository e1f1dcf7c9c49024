import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';

/** Nothing answers here: every case below must stop before any model call is tried. */
const DEAD = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };

interface Case {
  name: string;
  args: string[];
  /** Files the case needs in its folder first. */
  files?: Record<string, string>;
  message: string | RegExp;
}

const STAGES = 'name: Two\ndescription: two stages\nstages:\n  - task: write_prd\n    role: product_manager\n    input: user_idea\n    output: prd\n';

const CASES: Case[] = [
  { name: 'a project folder in /proc (mkdir would loop forever)', args: ['run', '--idea', 'a todo app', '--model', 'm', '--project', '/proc/self/x'], message: 'the project folder /proc/self/x is inside /proc, a kernel or device file system' },
  { name: 'the file system root as the project', args: ['run', '--idea', 'a todo app', '--model', 'm', '--project', '/'], message: '/ is a system folder (or a home folder itself), not a project' },
  { name: 'a project folder in /sys', args: ['run', '--idea', 'a todo app', '--model', 'm', '--project', '/sys/kernel/x'], message: 'is inside /sys' },
  { name: '--idea together with --idea-file', args: ['run', '--idea', 'a todo app', '--idea-file', 'idea.txt', '--model', 'm'], files: { 'idea.txt': 'a note taker' }, message: 'give the idea once: --idea TEXT or --idea-file FILE, not both' },
  { name: '--stage-model for a stage the workflow lacks', args: ['run', '--idea', 'a todo app', '--model', 'm', '--stage-model', 'nosuchstage=other'], message: /--stage-model names "nosuchstage", which workflow standard does not have; its stages are: write_prd, / },
  { name: '--role-model for a role the workflow lacks', args: ['run', '--idea', 'a todo app', '--model', 'm', '--role-model', 'astronaut=other'], message: /--role-model names "astronaut", which workflow standard does not have; its roles are: product_manager, / },
  { name: 'an idea of half a megabyte', args: ['run', '--idea-file', 'big.txt', '--model', 'm'], files: { 'big.txt': 'build this. '.repeat(45_000) }, message: /the idea is about 135,000 tokens; every stage sends it whole, so it must stay under 32,000/ },
  { name: 'an idea file that does not exist', args: ['run', '--idea-file', 'nope.md', '--model', 'm'], message: 'cannot read the idea file nope.md: it does not exist' },
  { name: 'an idea file that never ends', args: ['run', '--idea-file', '/dev/zero', '--model', 'm'], message: 'cannot read the idea file /dev/zero: it is not a regular file' },
  { name: 'a project that is a file', args: ['run', '--idea', 'a todo app', '--model', 'm', '--project', 'idea.txt'], files: { 'idea.txt': 'x' }, message: 'cannot be written (ENOTDIR: it is a file, not a folder)' },
  { name: 'a workflow file that does not exist', args: ['run', '--idea', 'a todo app', '--model', 'm', '--workflow', './nope.yml'], message: 'no workflow file at ./nope.yml; check the path' },
  { name: 'config set for a role that does not exist', args: ['config', 'set', 'models.roles.nosuchrole', 'some-model'], message: 'unknown role "nosuchrole"' },
  { name: 'runs --project of a folder that does not exist', args: ['runs', '--project', '/nonexistent/folder'], message: 'no project folder at /nonexistent/folder' },
];

describe('bad input: one clear message, exit 2, nothing created', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const cwd = tempDir();
      for (const [name, content] of Object.entries(testCase.files ?? {})) writeFileSync(join(cwd, name), content);
      const before = readdirSync(cwd).sort();
      const result = await runCli(testCase.args, { cwd, env: cleanEnv(DEAD) });
      expect(result.code).toBe(2);
      if (typeof testCase.message === 'string') expect(result.stderr).toContain(testCase.message);
      else expect(result.stderr).toMatch(testCase.message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(cwd).sort()).toEqual(before);
      expect(existsSync(join(cwd, 'workspace'))).toBe(false);
    });
  }

  it('warns about an unknown key in the workflow a run uses, as workflow validate does', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'two.yml'), STAGES.replace('    output: prd\n', '    output: prd\n    aproval: true\n'));
    const env = cleanEnv(DEAD);
    const validate = await runCli(['workflow', 'validate', './two.yml'], { cwd, env });
    const warning = /warning: (.*unknown key "aproval".*)/.exec(validate.stdout)?.[1];
    expect(warning).toBeDefined();
    const run = await runCli(['run', '--idea', 'a todo app', '--model', 'm', '--workflow', './two.yml'], { cwd, env });
    expect(run.stderr).toContain(`warning: ${warning!}`);
  });

  it('says before the first call that the project’s own config sends a key to an endpoint', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'p'));
    writeFileSync(join(cwd, 'p', 'atelier.config.yml'), 'providers:\n  openai:\n    base_url: http://127.0.0.1:9/collect\n');
    const run = await runCli(['run', '--idea', 'a todo app', '--model', 'm', '--project', 'p'], { cwd, env: cleanEnv(DEAD) });
    expect(run.stderr).toContain(`warning: ${join(cwd, 'p', 'atelier.config.yml')} sends provider "openai"'s calls and its key to http://127.0.0.1:9/collect; if you did not write that file, check it before going on`);
  });
});
