import { describe, expect, it } from 'vitest';
import type { ProjectResult } from '../../bench/quality/project-result.js';
import { renderMarkdown, summaryLine } from '../../bench/quality/render-results.js';
import { PUBLISHED } from '../../bench/quality/published.js';
import { scoreProject } from '../../bench/quality/score.js';
import { summarizeSuite } from '../../bench/quality/summarize.js';
import { command, evidence, passingReport } from './report-fixture.js';

function result(id: string, scores: ProjectResult['scores'], rest: Partial<ProjectResult> = {}): ProjectResult {
  return { suite: 'atelier', id, idea: `the ${id} idea`, label: 'js-cli', projectDir: `/p/${id}`, action: 'started', runId: `r-${id}`, status: 'succeeded', harnessSeconds: 1, answeredBy: [], scores, ...rest };
}

const passing = result('good', scoreProject(evidence()));
const totalsOnly = result('totals', scoreProject(evidence({ report: passingReport({ commands: [command('test', 'passed', '# pass 2'), command('smoke', 'failed')] }), cost: { inputTokens: 3000, outputTokens: 1500, costUsd: '0.0375', unpricedCalls: 0, tokensPerLine: 20 } })));
const blocked = result('odd', null, { action: 'blocked', runId: null, status: 'not run', why: 'the folder holds files but no Atelier run' });

describe('summarizeSuite', () => {
  it('takes each mean over the projects whose score is known', () => {
    const summary = summarizeSuite('atelier', [passing, totalsOnly, blocked]);
    expect(summary).toMatchObject({ ideas: 3, scoredProjects: 2, executability: { mean: 0.5, scored: 2 }, requirementCoverage: { mean: 1, scored: 1 }, tokens: { mean: 3000, scored: 2 }, costUsd: { mean: 0.025, scored: 2 } });
    expect(summaryLine(summary)).toContain('executability 0.50 (2) · completeness 1.00 (2) · requirement coverage 1.00 (1)');
  });
});

describe('renderMarkdown', () => {
  const markdown = renderMarkdown({
    header: { mode: 'model', date: '2026-12-04T10:00:00Z', atelierVersion: '0.1.0 (abc1234)', model: 'openai:gpt-4.1-mini', answeredBy: ['openai:gpt-4.1-mini'], runFlags: ['--budget', '0.50'], projectsDir: '/p' },
    suites: [summarizeSuite('atelier', [passing, totalsOnly, blocked])],
    projects: [passing, totalsOnly, blocked],
    published: PUBLISHED,
  });

  it('heads the file with the model, the date and the Atelier version', () => {
    expect(markdown).toContain('- Date: 2026-12-04T10:00:00Z');
    expect(markdown).toContain('- Atelier: 0.1.0 (abc1234)');
    expect(markdown).toContain('- Model: openai:gpt-4.1-mini (answered by openai:gpt-4.1-mini)');
  });

  it('has one row per idea, a dash for each unknown score and a note saying why', () => {
    expect(markdown).toContain('| good | js-cli | succeeded (started) | 1 | 1 | 2/2 | 97.5% | 0 | 0 | 1,500 | $0.0125 | 100 s |');
    expect(markdown).toContain('| totals | js-cli | succeeded (started) | 0 | 1 | — | 97.5% | 0 | 0 | 4,500 | $0.0375 | 100 s |');
    expect(markdown).toContain('| odd | js-cli | blocked | — | — | — | — | — | — | — | — | — |');
    expect(markdown).toMatch(/- `totals`: executable: the smoke run failed; stories: the final test output lists no per-test results/);
    expect(markdown).toContain('- `odd`: the folder holds files but no Atelier run');
  });

  it('sets the published figures beside this run', () => {
    expect(markdown).toContain('| Atelier, this run: atelier | 0.50 | 1.00 | 3,000 | 100 s | 16.3 |');
    expect(markdown).toContain('| ChatDev on SRDD | 0.88 | 0.56 |');
    expect(markdown).toContain('| MetaGPT on SoftwareDev (7 tasks) | 3.75 of 4 (human grade) | — | 31,255 | 541 s | 124.3 |');
  });
});
