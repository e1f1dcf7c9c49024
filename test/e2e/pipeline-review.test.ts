import { describe, expect, it } from 'vitest';
import { fixingEngineer, pickyReviewer, repairEdit, reviewThatCatchesTheBug } from '../support/scenarios/buggy-todo-cli.js';
import { runTodoScenario } from '../support/scenarios/run-scenario.js';
import { showRun } from './e2e-helpers.js';

describe('code review per task', () => {
  it('sends a task back to its engineer once when the reviewer requests changes, and stores each review', { timeout: 240_000 }, async () => {
    const run = await runTodoScenario(pickyReviewer);
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);

    // T2 is written, reviewed (changes requested), revised once, reviewed again (approved); T1 and T3 pass at once.
    expect(run.asked.filter((name) => name !== undefined && /^(T\d|review_T)/.test(name))).toEqual(['T1', 'review_T1', 'T2', 'review_T2', 'T2:rework', 'review_T2', 'T3', 'review_T3']);
    const reviews = run.events.filter((e) => e.type === 'task.reviewed').map((e) => [e.taskId, e.payload.round, e.payload.verdict, e.payload.blocking]);
    expect(reviews).toEqual([
      ['T1', 1, 'approve', 0],
      ['T2', 1, 'request_changes', 1],
      ['T2', 2, 'approve', 0],
      ['T3', 1, 'approve', 0],
    ]);
    // The revision answered the comment with an exact edit of the line it named.
    const said = (req: (typeof run.server.requests)[number]) => req.messages.map((message) => message.content).join('\n\n');
    const revision = run.server.requests.find((req) => said(req).includes('# Code review of your change (round 1)'));
    expect(revision && said(revision)).toContain(reviewThatCatchesTheBug.comments[0]!.comment);
    expect(run.read('src/todo-store.js')).toContain(repairEdit.replace);

    const subjects = run.gitLog.map((c) => `${c.author} | ${c.subject}`);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'Code Reviewer (Atelier) | Code review of T2, round 1: changes requested (review_T2 v1)',
        'Software Engineer (Atelier) | T2: address review round 1',
        'Code Reviewer (Atelier) | Code review of T2, round 2: approved (review_T2 v2)',
      ]),
    );
    // The review is a document: versions 1 and 2 in the store, the latest rendered in docs/.
    const shown = await showRun(run.runId, run.cwd, run.env, 'todo');
    expect(shown.documents.find((d) => d.name === 'review_T2')).toMatchObject({ kind: 'review', version: 2, authorRole: 'code_reviewer' });
    expect(run.read('docs/review_t2.md')).toContain('**Approved**');
    expect(run.read('docs/source_code.md')).toContain('| T2 | approved | 2 | `docs/review_t2.md` |');
    // Caught in review, so the tests pass the first time: no fix round.
    expect(run.events.filter((e) => e.type === 'fix.round.started')).toEqual([]);
    expect(run.read('docs/test_report.md')).toContain("The project's own tests **pass**.");
  });

  it('with --review-rounds 0 the review is recorded but the task is not sent back; the fix loop catches the bug instead', { timeout: 240_000 }, async () => {
    const run = await runTodoScenario({ ...fixingEngineer, review_T2: pickyReviewer.review_T2! }, { args: ['--review-rounds', '0'] });
    expect(run.result.code).toBe(0);
    expect(run.asked).not.toContain('T2:rework');
    expect(run.read('docs/review_t2.md')).toContain('**Changes requested**');
    expect(run.read('docs/source_code.md')).toContain('| T2 | changes requested | 1 | `docs/review_t2.md` |');
    expect(run.events.filter((e) => e.type === 'fix.round.finished').map((e) => e.payload.outcome)).toEqual(['passing']);
  });
});
