import { describe, expect, it } from 'vitest';
import { codeChangeSchema, codeFixSchema, reviewSchema } from '../../../src/documents/index.js';
import { applyEdits } from '../../../src/roles/apply-edits.js';
import { reviewProblems } from '../../../src/roles/review-role.js';
import type { FakeChatRequest } from '../fake-llm-types.js';
import { buggyStore, engineerWhoNeverFixes, engineerWhoRepeatsHimself, fixingEngineer, pickyReviewer, repairEdit, reviewThatCatchesTheBug } from './buggy-todo-cli.js';
import { todoCliProjectFiles } from './todo-cli.js';

const STORE = 'src/todo-store.js';
const request = (content = ''): FakeChatRequest => ({ api: 'openai', model: 'm', system: '', messages: [{ role: 'user', content }], stream: false, headers: {}, body: {}, bodyHash: '', index: 0 });
async function answer(override: ((req: FakeChatRequest) => unknown) | undefined, content = ''): Promise<unknown> {
  const reply = (await override?.(request(content))) as { kind: string; content: string };
  return JSON.parse(reply.content);
}

describe('the buggy todo-cli scenarios', () => {
  it('break one line of the store, and the repair edit restores it exactly', () => {
    const correct = todoCliProjectFiles[STORE]!;
    expect(buggyStore).not.toBe(correct);
    expect(buggyStore.split('\n').filter((line, i) => line !== correct.split('\n')[i])).toHaveLength(1);
    const repaired = applyEdits([repairEdit], (path) => (path === STORE ? buggyStore : undefined));
    expect(repaired).toEqual({ contents: new Map([[STORE, correct]]), problems: [] });
  });

  it('answer fix rounds with valid fixes that apply to the buggy store', async () => {
    expect(codeFixSchema.parse(await answer(fixingEngineer['fix:1']))).toMatchObject({ edits: [repairEdit] });
    let store = buggyStore;
    const never = engineerWhoNeverFixes(3);
    for (const round of [1, 2, 3]) {
      const fix = codeFixSchema.parse(await answer(never[`fix:${round}`]));
      const applied = applyEdits(fix.edits ?? [], () => store);
      expect(applied.problems, `round ${round}`).toEqual([]);
      store = applied.contents.get(STORE)!;
    }
    expect(store).toContain('Checked in fix round 3');
    const repeats = engineerWhoRepeatsHimself(2);
    expect(await answer(repeats['fix:2'])).toEqual(await answer(repeats['fix:1']));
  });

  it('have a reviewer who catches the bug at its line in round 1 and approves the revision', async () => {
    const round1 = reviewSchema.parse(await answer(pickyReviewer.review_T2, '# Your task: review round 1 of task T2'));
    expect(round1).toEqual(reviewThatCatchesTheBug);
    expect(reviewProblems(round1, new Map([[STORE, buggyStore]]))).toEqual([]);
    expect(buggyStore.split('\n')[round1.comments[0]!.line! - 1]).toContain(repairEdit.search);
    expect(reviewSchema.parse(await answer(pickyReviewer.review_T2, '# Your task: review round 2 of task T2')).verdict).toBe('approve');
    expect(codeChangeSchema.parse(await answer(pickyReviewer['T2:rework']))).toMatchObject({ files: [], edits: [repairEdit] });
  });
});
