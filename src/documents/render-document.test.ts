import { describe, expect, it } from 'vitest';
import { examples, openApiSpecExample } from './examples/index.js';
import { InvalidDocumentError } from './invalid-document-error.js';
import type { DocumentKind } from './kinds.js';
import { renderDocumentForPrompt, renderDocumentMarkdown } from './render-document.js';

const meta = {
  version: 3,
  authorRole: 'architect',
  status: 'approved',
  lineage: [
    { name: 'prd', version: 2 },
    { name: 'idea', version: 1 },
  ],
  createdAt: '2025-05-01T10:00:00.000Z',
};

function render(kind: DocumentKind, content: unknown = examples[kind]): string {
  return renderDocumentMarkdown({ kind, name: kind, content, meta });
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((match) => match[1] ?? '');
}

function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
}

describe('renderDocumentMarkdown', () => {
  it('starts with the title and a header naming version, author, status and sources', () => {
    const markdown = render('system_design');
    expect(markdown.startsWith('# System Design\n')).toBe(true);
    expect(markdown).toContain('| `system_design` | 3 | architect | approved | prd v2, idea v1 | 2025-05-01T10:00:00.000Z |');
  });

  it('renders every PRD section and the competitive quadrant chart', () => {
    const markdown = render('prd');
    expect(headings(markdown)).toEqual([
      'Project',
      'Original Requirements',
      'Product Goals',
      'User Stories',
      'Competitive Analysis',
      'Requirement Analysis',
      'Requirement Pool',
      'UI Design Draft',
      'Open Questions',
    ]);
    const [chart] = mermaidBlocks(markdown);
    expect(chart?.split('\n')[0]).toBe('quadrantChart');
    expect(chart).toContain('quadrant-1 "Expand"');
    expect(chart).toContain('"Goodreads": [0.85, 0.55]');
    expect(markdown).toContain('| R4 | Show how many books were finished this year. | P1 |');
  });

  it('renders the system design with a class diagram and a sequence diagram', () => {
    const markdown = render('system_design');
    expect(headings(markdown)).toContain('Data Structures');
    const [classes, calls] = mermaidBlocks(markdown);
    expect(classes?.startsWith('classDiagram\n')).toBe(true);
    expect(classes).toContain('<<interface>> Book');
    expect(classes).toContain('ReadingList *-- Book : contains');
    expect(calls?.startsWith('sequenceDiagram\n')).toBe(true);
    expect(calls).toContain('CLI->>ReadingList: add("Dune")');
    expect(calls).toContain('ReadingList-->>CLI: Book #35;4');
    expect(markdown).toContain('| Test | `npm test` |');
  });

  it('renders an OpenAPI spec as YAML with a table of operations', () => {
    const markdown = render('api_spec', openApiSpecExample);
    expect(markdown).toContain('```yaml\nopenapi: 3.1.0\n');
    expect(markdown).toContain('| POST | `/books/{id}/finish` | finishBook |');
    expect(markdown).toContain('| GET | `/books` | List books |');
  });

  it('renders an interface spec entry by entry', () => {
    expect(render('api_spec')).toContain('### reading add (command)\n\n```\nreading add <title> [--author <name>]\n```');
  });

  it('renders the task plan as a table and a dependency flowchart', () => {
    const markdown = render('task_plan');
    expect(markdown).toContain('| T2 | Implement the reading list and its store | P0 | T1 |');
    const [flow] = mermaidBlocks(markdown);
    expect(flow?.split('\n')).toEqual([
      'flowchart TD',
      '    T1["T1: Set up the package (P0)"]',
      '    T2["T2: Implement the reading list and its store (P0)"]',
      '    T3["T3: Implement the CLI commands (P0)"]',
      '    T1 --> T2',
      '    T2 --> T3',
    ]);
  });

  it('escapes pipes inside table cells', () => {
    expect(render('source_code')).toContain('| `src/cli.ts` | T3 | 2210 | commander program \\| four commands. |');
  });

  it('shows a sandbox isolation warning and failures in a test report', () => {
    const failing = {
      ...examples.test_report,
      status: 'fail',
      totals: { passed: 5, failed: 1, skipped: 0 },
      tests_pass: false,
      failures: [{ name: 'done marks the book', message: 'expected 1 to be 2' }],
      fix_rounds: [{ round: 1, failing: ['test'], cause: 'wrong filter', files: ['src/a.ts'], outcome: 'still_failing' as const }],
      static_scan: { files_scanned: 3, findings: [{ file: 'src/run.ts', line: 4, rule: 'shell-concatenation', severity: 'high' as const, message: 'use execFile', excerpt: 'exec("rm " + x)' }] },
      sandbox: { driver: 'process', isolation_warning: 'bubblewrap not found' },
    };
    const markdown = render('test_report', failing);
    expect(markdown).toContain('> **Warning:** bubblewrap not found');
    expect(markdown).toContain('- **done marks the book**: expected 1 to be 2');
    expect(markdown).toContain("- The project's own tests **do not pass**.");
    expect(markdown).toContain('| 1 | test | wrong filter | `src/a.ts` | still failing |  |');
    expect(markdown).toContain('| high | `src/run.ts:4` | shell-concatenation | use execFile |');
  });

  it('renders the pipeline steps, skipped ones included, the test plan and the fix rounds of a passing report', () => {
    const markdown = render('test_report');
    expect(markdown).toContain("- The project's own tests **pass**.");
    expect(headings(markdown)).toEqual(['Result', 'Summary', 'Test Plan', 'Commands', 'Failures', 'Static Scan', 'Fix Rounds']);
    expect(markdown).toContain('| typecheck | passed | `tsc --noEmit` | 0 | 3.1 s |  |');
    expect(markdown).toContain('| lint | skipped |  |  |  | no "lint" script in package.json |');
    expect(markdown).toContain('| 1 | test | list() kept finished books instead of unfinished ones. | `src/reading-list.ts` | passing afterwards | `3f9a1c2` |');
    expect(markdown).toContain('No secrets or dangerous calls found in 5 files.');
  });

  it('lists the per-task reviews of the source code', () => {
    expect(render('source_code')).toContain('| T2 | approved | 2 | `docs/review_t2.md` |');
  });

  it('uses the document title and headings of sectioned and markdown documents', () => {
    const sectioned = render('sectioned');
    expect(sectioned.startsWith('# Security review of the reading list CLI\n')).toBe(true);
    expect(headings(sectioned)).toEqual(['Threat Model', 'Findings', 'Recommendations']);
    expect(render('markdown')).toContain('## Known issues\n\n- No undo for `done`.');
  });

  it('refuses content that does not match the kind, listing the problems', () => {
    const bad = { ...examples.task_plan, tasks: [] };
    expect(() => render('task_plan', bad)).toThrow(InvalidDocumentError);
    try {
      render('task_plan', bad);
    } catch (error) {
      expect(InvalidDocumentError.isInstance(error)).toBe(true);
      expect(String(error)).toContain('tasks: the plan has no tasks: add at least one task');
    }
  });
});

describe('renderDocumentForPrompt', () => {
  it('leaves out the header table (its timestamp would break a prompt cache) and what no later role needs', () => {
    const prd = renderDocumentForPrompt({ kind: 'prd', name: 'prd', content: examples.prd });
    expect(prd).not.toContain('2025-05-01');
    expect(prd).not.toMatch(/Competitive Analysis/);
    expect(render('prd')).toMatch(/Competitive Analysis/);
    expect(prd.length).toBeLessThan(render('prd').length);

    const plan = renderDocumentForPrompt({ kind: 'task_plan', name: 'task_plan', content: examples.task_plan });
    expect(mermaidBlocks(plan)).toEqual([]);
    expect(mermaidBlocks(render('task_plan')).length).toBeGreaterThan(0);

    const api = renderDocumentForPrompt({ kind: 'api_spec', name: 'api_spec', content: examples.api_spec });
    expect(api.length).toBeLessThan(render('api_spec').length);
    // Same input, same text: the prompt view is deterministic.
    expect(renderDocumentForPrompt({ kind: 'prd', name: 'prd', content: examples.prd })).toBe(prd);
  });

  it('refuses a document that does not validate, like the stored renderer', () => {
    expect(() => renderDocumentForPrompt({ kind: 'prd', name: 'prd', content: { nope: true } })).toThrow(InvalidDocumentError);
  });
});
