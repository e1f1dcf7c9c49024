import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemo, loadDemos, missingTools } from './demo-command.js';

describe('the bundled demos', () => {
  it('load, each with an idea, a workflow and a cassette, the default among them', async () => {
    const { default: fallback, demos } = await loadDemos();
    expect(demos.map((demo) => demo.name)).toContain(fallback);
    expect((await loadDemo()).name).toBe(fallback);
  });

  it('name what a demo needs and the machine lacks, as the sandbox would look for it', () => {
    const bin = mkdtempSync(join(tmpdir(), 'atelier-demo-bin-'));
    // A python3 that imports nothing: the module is missing, the program is not.
    writeFileSync(join(bin, 'python3'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    expect(missingTools({ needs: [{ program: 'python3', pythonModule: 'pytest' }] }, bin)).toEqual([`pytest for python3 (${join(bin, 'python3')})`]);
    expect(missingTools({ needs: [{ program: 'cargo' }] }, bin)).toEqual(['cargo']);
    expect(missingTools({ needs: [] }, bin)).toEqual([]);
  });

  it('finds a Python module without running it, and never one in the current folder (a generated project)', () => {
    const project = mkdtempSync(join(tmpdir(), 'atelier-demo-project-'));
    const marker = join(project, 'ran');
    writeFileSync(join(project, 'atelier_probe_module.py'), `open(${JSON.stringify(marker)}, 'w').write('ran')\n`);
    const before = process.cwd();
    process.chdir(project);
    try {
      const missing = missingTools({ needs: [{ program: 'python3', pythonModule: 'atelier_probe_module' }] });
      if (missing[0] === 'python3') return; // no python3 on this machine: nothing to prove
      expect(missing).toEqual([expect.stringMatching(/^atelier_probe_module for python3/)]);
      expect(existsSync(marker)).toBe(false);
    } finally {
      process.chdir(before);
    }
  });
});
