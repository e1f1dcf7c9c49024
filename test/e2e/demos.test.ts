import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';

const index = z
  .object({ default: z.string(), demos: z.array(z.object({ name: z.string(), title: z.string(), idea: z.string(), cassette: z.string() })) })
  .parse(JSON.parse(readFileSync(new URL('../../examples/demo/demos.json', import.meta.url), 'utf8')));

describe('atelier demo --list and demo NAME', () => {
  it('lists every recorded demo with its title, the default marked, and each has its cassette', async () => {
    const result = await runCli(['demo', '--list'], { cwd: tempDir(), env: cleanEnv() });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    for (const demo of index.demos) {
      expect(result.stdout).toMatch(new RegExp(`^  ${demo.name}\\s+${demo.title.replace(/[()]/g, '\\$&')}`, 'm'));
      expect(existsSync(new URL(`../../examples/demo/${demo.cassette}`, import.meta.url)), demo.cassette).toBe(true);
    }
    expect(result.stdout).toMatch(new RegExp(`^  ${index.default}\\s.*\\(default\\)$`, 'm'));
    const json = await runCli(['demo', '--list', '--json'], { cwd: tempDir(), env: cleanEnv() });
    const listed = z.object({ demos: z.array(z.object({ name: z.string(), default: z.boolean(), missing: z.array(z.string()) })) }).parse(JSON.parse(json.stdout));
    expect(listed.demos.map((demo) => demo.name)).toEqual(index.demos.map((demo) => demo.name));
  });

  it('refuses an unknown demo with the closest name and the list, and writes nothing', async () => {
    const cwd = tempDir();
    const result = await runCli(['demo', 'tood'], { cwd, env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is no demo "tood" (did you mean "todo"?)');
    expect(result.stderr).toContain('`atelier demo --list`');
    expect(existsSync(join(cwd, 'workspace'))).toBe(false);
    const both = await runCli(['demo', 'todo', '--list'], { cwd, env: cleanEnv() });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--list takes no demo name');
  });
});
