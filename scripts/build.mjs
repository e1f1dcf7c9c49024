// The CLI as ES module bundles that load lazily: dist/atelier.js (the commands, with chunks in
// dist/chunks/ for each command's work), dist/engine.js (the engine's API, sharing those chunks),
// dist/read-actions.js (what `runs`, `show` and `cost` need, bundled on its own) and
// dist/page-check.js (QA's browser smoke run, run in the sandbox). Node 20 resolves and compiles each of a program's ~700
// modules one by one; a bundle loads the few it needs. See docs/architecture.md.
import { readFile, rename, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
/** The read-only commands' module: bundled by itself, so the model layer's use of zod (the whole namespace) does not keep all of zod in it. */
const READ_ACTIONS = 'src/cli/read-actions.ts';

const shared = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A native addon: it finds its compiled .node file next to its own package.
  external: ['better-sqlite3'],
  // Error classes are told apart by name (report-error.ts): a bundler must not rename them.
  keepNames: true,
  // CommonJS dependencies inside an ES module bundle still call require() for Node's modules.
  banner: { js: "import { createRequire as __atelierRequire } from 'node:module'; const require = __atelierRequire(import.meta.url);" },
  legalComments: 'none',
  // Smaller files parse faster; names stay, so a stack trace (ATELIER_DEBUG=1) still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true,
};

/** In the main bundle, `import('../read-actions.js')` stays an import of the separate bundle beside it. */
const readActionsApart = {
  name: 'read-actions-apart',
  setup(b) {
    b.onResolve({ filter: /\/read-actions\.js$/ }, () => ({ path: './read-actions.js', external: true }));
  },
};

// Built beside dist/ and swapped in at the end: a CLI or test already running from dist/ (a demo
// beside the suite, `npx atelier` running `prepare`) never sees it half-written or gone.
const out = `dist.building-${process.pid}`;
const outPath = (file) => new URL(`../${out}/${file}`, import.meta.url);
await rm(outPath(''), { recursive: true, force: true });
const main = await build({
  ...shared,
  // The engine's API too (dist/engine.js), for programs that run Atelier without its CLI.
  entryPoints: { atelier: 'src/cli/main.ts', engine: 'src/engine/index.ts' },
  splitting: true,
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [readActionsApart],
});
await build({ ...shared, entryPoints: { 'read-actions': READ_ACTIONS }, outdir: out });
// QA's browser smoke run, a program of its own that runs inside the sandbox: it loads
// playwright-core from the folder it is given, so nothing of it is bundled.
await build({ ...shared, entryPoints: { 'page-check': 'src/browser-smoke/page-check.ts' }, outdir: out });

// The relative import is right only from dist/ itself: fail the build rather than ship a CLI whose `show` cannot load.
for (const [file, output] of Object.entries(main.metafile.outputs)) {
  if (output.imports.some((i) => i.path === './read-actions.js') && file !== `${out}/atelier.js`) {
    throw new Error(`${file} imports ./read-actions.js but is not in dist/: keep the read-only commands in the main bundle`);
  }
}
const text = await readFile(outPath('atelier.js'), 'utf8');
if (!text.includes('"./read-actions.js"')) throw new Error('dist/atelier.js does not load ./read-actions.js: the read-only commands would not run');

// Two renames: the old build moves aside whole, the new one takes its name, so dist/ is missing
// only between them, never half-written. Chunk names are content hashes: a process started
// from the old build that imports a chunk later finds it in the new one when the sources did not
// change. (rename(2) cannot replace a non-empty directory in one step.)
const dist = new URL('../dist', import.meta.url);
const old = new URL(`../dist.old-${process.pid}`, import.meta.url);
await rename(dist, old).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(outPath(''), dist);
await rm(old, { recursive: true, force: true });
