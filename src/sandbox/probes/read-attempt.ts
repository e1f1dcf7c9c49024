import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Tries to read each file given as an argument and prints, as JSON, the sha256 of what it read or
 * the error code, so the host can tell its own file from one the sandbox merely has at that path
 * (a container's own /etc/shadow) without the secret crossing back.
 */
export const readEach = `
  const fs = require('fs'), crypto = require('crypto');
  const outcome = {};
  for (const file of process.argv.slice(1)) {
    try { outcome[file] = 'sha256:' + crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'); }
    catch (e) { outcome[file] = e.code || String(e); }
  }
  console.log(JSON.stringify(outcome));`;

/** The host's own sha256 of a file, in the form `readEach` prints; undefined when the host cannot read it either. */
export function hostDigest(file: string): string | undefined {
  try {
    return `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
  } catch {
    return undefined;
  }
}
