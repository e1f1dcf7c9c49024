import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteProjectIndex } from '../../src/store/index.js';
import { startFakeLlmServer } from '../support/fake-llm-server.js';
import { cleanEnv, runCli, tempDir } from '../support/run-cli.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Another program's SQLite database: a table of its own, nothing of Atelier's. */
function foreignDatabase(file: string): void {
  const db = new Database(file);
  db.exec("CREATE TABLE secrets (k TEXT); INSERT INTO secrets VALUES ('keep me')");
  db.close();
}

describe('what the read-only commands open', () => {
  it('never migrates or writes another program’s database found where a store would be, and says it skipped it', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    mkdirSync(join(cwd, '.atelier'));
    const file = join(cwd, '.atelier', 'atelier.db');
    foreignDatabase(file);
    const before = sha(file);
    const runs = await runCli(['runs'], { cwd, env });
    expect(runs.code).toBe(0);
    expect(runs.stderr).toContain(`warning: skipped ${cwd}`);
    expect(runs.stderr).toContain('not an Atelier database');
    expect(sha(file)).toBe(before);
    // Named with --project, it is an error, and still untouched.
    const named = await runCli(['runs', '--project', '.'], { cwd, env });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('not an Atelier database');
    expect(sha(file)).toBe(before);
  });

  it('does not follow a symbolic link to a store, and refuses to start a run through one', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const elsewhere = join(tempDir(), 'victim.db');
    foreignDatabase(elsewhere);
    const before = sha(elsewhere);
    mkdirSync(join(cwd, 'todo', '.atelier'), { recursive: true });
    symlinkSync(elsewhere, join(cwd, 'todo', '.atelier', 'atelier.db'));
    expect((await runCli(['runs', '--project', 'todo'], { cwd, env })).stdout).toContain('No runs');
    const server = await startFakeLlmServer({ responder: () => ({ kind: 'error', status: 400 }) });
    const run = await runCli(['run', '--idea', 'a tiny note taker', '--model', 'scripted', '--project', 'todo'], { cwd, env: { ...env, OPENAI_BASE_URL: server.url } });
    await server.close();
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('is a symbolic link');
    expect(sha(elsewhere)).toBe(before);
  });

  it('skips a damaged project of the index with one warning and lists the others; a missing --project folder is a usage error', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    const demo = await runCli(['demo', '--project', 'good'], { cwd, env });
    expect(demo.code).toBe(0);
    const broken = join(tempDir(), 'broken');
    mkdirSync(join(broken, '.atelier'), { recursive: true });
    writeFileSync(join(broken, '.atelier', 'atelier.db'), 'this is not a database at all, just text that is long enough to be a header');
    const index = await openSqliteProjectIndex(join(env.HOME!, '.local', 'share', 'atelier', 'projects.db'));
    await index.remember({ root: broken, name: 'broken' });
    await index.close();

    const all = await runCli(['runs', '--all'], { cwd, env });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/r-\w+/);
    expect(all.stderr.match(/warning: skipped/g)).toHaveLength(1);
    expect(all.stderr).toContain(broken);

    const missing = await runCli(['runs', '--project', '/nonexistent/project'], { cwd, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no project folder at /nonexistent/project');
  });

  it('reading creates nothing: runs, runs --all and show leave no project index behind', async () => {
    const cwd = tempDir();
    const env = cleanEnv();
    await runCli(['runs'], { cwd, env });
    await runCli(['runs', '--all'], { cwd, env });
    await runCli(['show', 'r-nothing'], { cwd, env });
    expect(existsSync(join(env.HOME!, '.local', 'share', 'atelier', 'projects.db'))).toBe(false);
  });

  it('runs with HOME=/dev/null (a service account): the demo finishes and says the index was not written', async () => {
    const cwd = tempDir();
    const { XDG_CONFIG_HOME: _x, ...rest } = cleanEnv();
    const env = { ...rest, HOME: '/dev/null' };
    const demo = await runCli(['demo', '--project', 'todo'], { cwd, env });
    expect(demo.code).toBe(0);
    expect(demo.stdout + demo.stderr).toContain('warning: the project was not added to the index of known projects');
    expect((await runCli(['runs', '--project', 'todo'], { cwd, env })).stdout).toMatch(/r-\w+/);
  });
});
