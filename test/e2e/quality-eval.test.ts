import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanEnv, tempDir } from '../support/run-cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const demos = z.object({ demos: z.array(z.object({ name: z.string() })) }).parse(JSON.parse(readFileSync(join(ROOT, 'examples', 'demo', 'demos.json'), 'utf8'))).demos;

const measured = z.object({ value: z.unknown(), why: z.string().optional(), note: z.string().optional(), lowerBound: z.number().optional() });
const resultsSchema = z.object({
  header: z.object({ mode: z.literal('offline'), date: z.string(), atelierVersion: z.string(), model: z.string() }),
  suites: z.array(z.object({ suite: z.string(), ideas: z.number() })),
  projects: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      runId: z.string().nullable(),
      status: z.string(),
      projectDir: z.string(),
      why: z.string().optional(),
      scores: z.record(z.string(), measured).nullable(),
    }),
  ),
});

function evalOffline(out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(ROOT, 'bench', 'quality', 'eval.ts'), '--offline', '--out', out], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function results(out: string, extension: 'json' | 'md'): string[] {
  return readdirSync(out)
    .filter((name) => name.endsWith(`-offline.${extension}`))
    .sort()
    .map((name) => join(out, name));
}

const head = (project: string) => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: project, encoding: 'utf8' }).trim();

describe('npm run eval -- --offline', () => {
  it('replays every recorded demo through the harness, scores it, and scores it again without rerunning it', { timeout: 240_000 }, async () => {
    const out = tempDir('atelier-eval-');
    const first = await evalOffline(out);
    expect(first.code, first.stderr).toBe(0);

    const [markdownFile] = results(out, 'md');
    const [jsonFile] = results(out, 'json');
    const markdown = readFileSync(markdownFile!, 'utf8');
    const report = resultsSchema.parse(JSON.parse(readFileSync(jsonFile!, 'utf8')));
    expect(markdown).toContain(`- Atelier: ${report.header.atelierVersion}`);
    expect(report.projects.map((project) => project.id)).toEqual(demos.map((demo) => demo.name));
    for (const demo of demos) expect(markdown).toMatch(new RegExp(`^\\| ${demo.name} \\|`, 'm'));

    const todo = report.projects.find((project) => project.id === 'todo')!;
    expect(todo).toMatchObject({ action: 'started', status: 'succeeded' });
    expect(todo.scores!.executability).toEqual({ value: 1 });
    expect(todo.scores!.completeness).toEqual({ value: 1 });
    expect(todo.scores!.tokens!.value).toBeGreaterThan(0);
    expect(todo.scores!.testCoverage!.value).toBeGreaterThan(90);
    // Each story's acceptance test is found by name among the report's test results (node --test's TAP lines).
    expect(todo.scores!.requirementCoverage).toMatchObject({ value: { covered: 6, total: 6 } });
    // pytest is asked for each test's outcome (-rA), so the Python demo's stories are read the same way.
    const expenses = report.projects.find((project) => project.id === 'expenses');
    if (expenses?.scores) expect(expenses.scores.requirementCoverage).toMatchObject({ value: { covered: 5, total: 5 } });
    expect(first.stderr).toMatch(/^\[\s*\d+\/\d+\] start {2}todo /m);
    expect(first.stderr).toMatch(/^\[\s*\d+\/\d+\] done {3}todo: succeeded \(started r-[0-9a-f]{8}\) · executable 1 · complete 1 · /m);

    const before = head(todo.projectDir);
    const second = await evalOffline(out);
    expect(second.code, second.stderr).toBe(0);
    const again = resultsSchema.parse(JSON.parse(readFileSync(results(out, 'json').at(-1)!, 'utf8')));
    expect(results(out, 'json')).toHaveLength(2);
    for (const project of again.projects) {
      const earlier = report.projects.find((p) => p.id === project.id)!;
      if (earlier.action === 'skipped') continue;
      expect(project).toMatchObject({ action: 'reused', runId: earlier.runId, status: earlier.status });
      expect(project.scores).toEqual(earlier.scores);
    }
    expect(second.stderr).toContain(`reuse  todo: run ${todo.runId} already finished, scoring it as it is`);
    expect(head(todo.projectDir)).toBe(before);
  });
});
