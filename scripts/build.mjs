// The CLI as one ES module bundle with lazily loaded chunks (dist/atelier.js, dist/chunks/).
// Node 20 resolves and compiles each of a program's ~700 modules one by one; a bundle loads the
// few it needs, and each command's work (the engine, the store, the model layer) stays in a
// chunk of its own that loads only when the command runs. See docs/architecture.md.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: new URL('..', import.meta.url).pathname,
  entryPoints: { atelier: 'src/cli/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  // A native addon: it finds its compiled .node file next to its own package.
  external: ['better-sqlite3'],
  // Error classes are told apart by name (report-error.ts): a bundler must not rename them.
  keepNames: true,
  // CommonJS dependencies inside an ES module bundle still call require() for Node's modules.
  banner: { js: "import { createRequire as __atelierRequire } from 'node:module'; const require = __atelierRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
