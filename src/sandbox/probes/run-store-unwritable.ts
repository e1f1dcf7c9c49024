import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STATE_DIR } from '../protected-paths.js';
import type { Probe } from './probe.js';
import { attempt, read, said } from './state-write-attempt.js';

/** The run store: rewriting it could change a paused run's plan (its sandbox driver) before it resumes. */
export const runStoreUnwritableProbe: Probe = {
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
