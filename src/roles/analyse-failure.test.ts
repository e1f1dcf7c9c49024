import { describe, expect, it } from 'vitest';
import { analyseFailure, mentionedFiles, relativeImports, relativiseOutput } from './analyse-failure.js';
import type { PipelineRun } from './pipeline/run-pipeline.js';

const files = new Set(['src/store.js', 'src/cli.js', 'src/util/format.js', 'test/store.test.js', 'app.py', 'pkg/models.py']);

describe('relativiseOutput', () => {
  it('turns the workspace path and its file:// URL into project paths', () => {
    expect(relativiseOutput("at file:///w/p/src/a.js:3:1\nlocation: '/w/p/test/a.test.js:5:1'", '/w/p/')).toBe("at src/a.js:3:1\nlocation: 'test/a.test.js:5:1'");
  });
});

describe('mentionedFiles', () => {
  it('finds project files in stack frames, file:line and Python tracebacks, once, in order', () => {
    const output = "location: 'test/store.test.js:5:1'\n  at list (src/store.js:12:7)\n  File \"pkg/models.py\", line 3\nsrc/store.js:40\nnode_modules/x/index.js:1";
    expect(mentionedFiles(output, files)).toEqual(['test/store.test.js', 'src/store.js', 'pkg/models.py']);
  });
});

describe('relativeImports', () => {
  it('resolves relative JavaScript imports and Python module imports to project files', () => {
    expect(relativeImports('test/store.test.js', "import { a } from '../src/store.js';\nimport x from 'node:fs';", files)).toEqual(['src/store.js']);
    expect(relativeImports('src/cli.js', "const f = require('./util/format');", files)).toEqual(['src/util/format.js']);
    expect(relativeImports('app.py', 'from pkg.models import Todo\nimport os', files)).toEqual(['pkg/models.py']);
  });
});

describe('analyseFailure', () => {
  it('puts the code the failing tests exercise before the tests themselves', () => {
    const snapshot = new Map([...files].map((f) => [f, f === 'test/store.test.js' ? "import { list } from '../src/store.js';" : '']));
    const run: PipelineRun = {
      steps: [{ step: 'test', name: 'tests', command: 'node --test', exit_code: 1, duration_ms: 1, timed_out: false, outcome: 'failed', output: "not ok 1 - lists\n  location: '/w/test/store.test.js:4:1'", fullOutput: '# pass 0\n# fail 1' }],
      skipped: [],
      scan: { files_scanned: 1, findings: [] },
      sandbox: { driver: 'plain' },
    };
    const analysis = analyseFailure(run, snapshot, '/w');
    expect(analysis.suspects).toEqual(['src/store.js', 'test/store.test.js']);
    expect(analysis.failing).toEqual([{ step: 'test', command: 'node --test', note: 'failed', output: "not ok 1 - lists\n  location: 'test/store.test.js:4:1'" }]);
  });
});

describe('pageSuspects', () => {
  it('points a failed browser smoke run at the page, what it loads, and the file that imports a missing one', () => {
    const snapshot = new Map([
      ['index.html', '<link rel="stylesheet" href="./styles.css"><script type="module" src="./src/main.js"></script><a href="https://example.com/">x</a>'],
      ['styles.css', 'body {}'],
      ['src/main.js', "import { mountGame } from './board.js';\nmountGame();"],
      ['src/game.js', 'export const x = 1;'],
      ['test/game.test.js', ''],
    ]);
    const report = JSON.stringify({ page: 'index.html', missing: ['src/board.js'], problems: ['the page asked for files the project does not have: src/board.js'] }, null, 2);
    const run: PipelineRun = {
      steps: [{ step: 'smoke', name: 'browser smoke run', command: 'open index.html in headless Chromium (/usr/lib/chromium/chromium): no page error, not empty', exit_code: 1, duration_ms: 1, timed_out: false, outcome: 'failed', note: 'the page asked for files the project does not have: src/board.js', output: report, fullOutput: `${report}\n[some stderr]` }],
      skipped: [],
      scan: { files_scanned: 1, findings: [] },
      sandbox: { driver: 'bubblewrap' },
    };
    expect(analyseFailure(run, snapshot, '/w').suspects).toEqual(['src/main.js', 'index.html', 'styles.css']);
  });
});
