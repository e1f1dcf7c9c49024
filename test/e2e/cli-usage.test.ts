import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/run-cli.js';

describe('atelier command line', () => {
  it('prints help listing every command, and exits 0', async () => {
    const result = await runCli(['--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    for (const command of ['run', 'resume', 'runs', 'show', 'demo']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(result.stdout).toContain('OPENAI_BASE_URL');
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runCli(['--version'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it('refuses an unknown option of a subcommand with exit code 2 and a hint', async () => {
    const result = await runCli(['run', '--idae', 'x'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--idae'");
    expect(result.stderr).toContain('--help');
  });

  it('refuses an unknown command with exit code 2', async () => {
    const result = await runCli(['rnu'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'rnu'/);
  });
});
