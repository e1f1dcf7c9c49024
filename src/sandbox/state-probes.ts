import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Probe, ProbeContext } from './check-probes.js';
import { CONFIG_FILE, STATE_DIR } from './protected-paths.js';
import type { SandboxCommand } from './sandbox.js';

/** Tries each write given as an argument (`path=content`) and prints what happened to each, as JSON. */
const writeEach = `
  const fs = require('fs'), path = require('path');
  const outcome = process.argv.slice(1).map((arg) => {
    const [file, content] = arg.split('=');
    try { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, content); return 'written'; }
    catch (e) { return e.code || String(e); }
  });
  console.log(JSON.stringify(outcome));`;

function attempt(ctx: ProbeContext, writes: string[]): SandboxCommand {
  return { argv: ['node', '-e', writeEach, ...writes], cwd: ctx.workspace, timeoutMs: 15_000 };
}

/** The program's own account of each write, e.g. `EROFS, EROFS`. */
function said(stdout: string): string {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const outcome: unknown = JSON.parse(line);
    return Array.isArray(outcome) ? outcome.map(String).join(', ') : line;
  } catch {
    return line || 'no answer';
  }
}

function read(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Atelier's own configuration and definitions: what generated code changes there must not survive
 * the command, on every driver (read-only mounts, or put back afterwards by the plain driver).
 */
const configProbe: Probe = {
  id: 'config',
  title: "Atelier's configuration and roles",
  needsIsolation: false,
  async run(driver, ctx) {
    const config = path.join(ctx.workspace, CONFIG_FILE);
    const role = path.join(ctx.workspace, STATE_DIR, 'roles', 'engineer.yaml');
    mkdirSync(path.dirname(role), { recursive: true });
    writeFileSync(config, 'original config\n');
    writeFileSync(role, 'original role\n');
    const planted = path.join(STATE_DIR, 'roles', 'planted.yaml');
    const changed = await driver.run(attempt(ctx, [`${CONFIG_FILE}=providers: evil`, `${STATE_DIR}/roles/engineer.yaml=evil`, `${planted}=evil`]));
    const survived = [
      ...(read(config) === 'original config\n' ? [] : [CONFIG_FILE]),
      ...(read(role) === 'original role\n' ? [] : [path.join(STATE_DIR, 'roles', 'engineer.yaml')]),
      ...(existsSync(path.join(ctx.workspace, planted)) ? [planted] : []),
    ];
    if (survived.length > 0) return { held: false, detail: `the program changed ${survived.join(', ')}, and the change stayed` };
    // Where they do not exist yet, nothing can be mounted over them: what appears must go afterwards.
    rmSync(config);
    rmSync(path.join(ctx.workspace, STATE_DIR), { recursive: true });
    const created = await driver.run(attempt(ctx, [`${CONFIG_FILE}=providers: evil`, `${STATE_DIR}/roles/planted.yaml=evil`]));
    const appeared = [CONFIG_FILE, STATE_DIR].filter((name) => existsSync(path.join(ctx.workspace, name)));
    if (appeared.length > 0) return { held: false, detail: `the program created ${appeared.join(' and ')}, and it stayed` };
    const repaired = [...(changed.tampered ?? []), ...(created.tampered ?? [])];
    return {
      held: true,
      detail: `changing them: ${said(changed.stdout)}; creating them: ${said(created.stdout)}; ${repaired.length > 0 ? `put back or removed after the run: ${[...new Set(repaired)].join(', ')}` : 'nothing to put back'}`,
    };
  },
};

/** The run store: rewriting it could change a paused run's plan (its sandbox driver) before it resumes. */
const storeProbe: Probe = {
  id: 'store',
  title: "Atelier's run store (.atelier)",
  needsIsolation: true,
  async run(driver, ctx) {
    const store = path.join(ctx.workspace, STATE_DIR, 'atelier.db');
    mkdirSync(path.dirname(store), { recursive: true });
    writeFileSync(store, 'original store');
    const extra = path.join(STATE_DIR, 'extra');
    const result = await driver.run(attempt(ctx, [`${STATE_DIR}/atelier.db=rewritten`, `${extra}=planted`]));
    const changed = [...(read(store) === 'original store' ? [] : [path.join(STATE_DIR, 'atelier.db')]), ...(existsSync(path.join(ctx.workspace, extra)) ? [extra] : [])];
    if (changed.length > 0) return { held: false, detail: `the program wrote ${changed.join(' and ')}; a rewritten store could change a run's plan before it resumes` };
    return { held: true, detail: `refused (${said(result.stdout)}); the store was untouched` };
  },
};

export const STATE_PROBES: Probe[] = [configProbe, storeProbe];
