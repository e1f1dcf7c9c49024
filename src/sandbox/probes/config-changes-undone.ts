import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, STATE_DIR } from '../protected-paths.js';
import type { Probe } from './probe.js';
import { attempt, read, said } from './state-write-attempt.js';

/**
 * Atelier's own configuration and definitions: what generated code changes there must not survive
 * the command, on every driver (read-only mounts, or put back afterwards by the plain driver).
 */
export const configChangesUndoneProbe: Probe = {
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
