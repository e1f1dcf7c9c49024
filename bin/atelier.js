#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/atelier.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('atelier: the build is missing (dist/). Run `npm install` (or `npm run build`) in the atelier folder first.\n');
  process.exit(1);
}
await import(entry.href);
