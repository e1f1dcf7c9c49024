import { describe, expect, it } from 'vitest';
import { codeFixExample, type CodeFix } from '../documents/index.js';
import type { RoleSnapshot } from '../engine/run-plan.js';
import type { LlmClient, StructuredRequest, StructuredResult } from '../llm/index.js';
import type { FailureAnalysis } from './analyse-failure.js';
import { fixSignature, proposeFix } from './fix-role.js';
import type { StageContext } from './stage-context.js';

const engineer: RoleSnapshot = { id: 'engineer', displayName: 'Software Engineer', description: '', systemPrompt: 'You are an engineer.', sections: [], requiredPatterns: [], contextTokens: 32_000, behaviour: 'engineer' };
const analysis: FailureAnalysis = { failing: [{ step: 'test', command: 'npm test', note: 'exited 1', output: 'not ok 1 - finish hides the book' }], findings: [], suspects: ['src/reading-list.ts'] };
const snapshot = new Map([['src/reading-list.ts', 'export function unfinished(books) {\n  return books.filter((b) => b.finished_at !== undefined);\n}\n']]);

/** Answers `fix` and reports what the request's check said about it. */
function answering(fix: CodeFix, seen: { problems?: string[]; message?: string }): LlmClient {
  return {
    async generateStructured<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
      const value = request.schema.parse(fix);
      seen.problems = request.check?.(value) ?? [];
      seen.message = request.messages.map((message) => message.content).join('\n\n');
      return { value, usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 }, attempts: 1, provider: 'fake', model: 'm' };
    },
    describe: () => ({ provider: 'fake', model: 'm' }),
  };
}

function context(llm: LlmClient): StageContext {
  return { runId: 'r', projectId: 'p', idea: 'a reading list', projectName: 'p', stage: { id: 'test' }, role: engineer, inputs: [], llm } as unknown as StageContext;
}

describe('proposeFix', () => {
  it('checks the edits strictly against the current files and shows the failure, the files and the earlier rounds', async () => {
    const seen: { problems?: string[]; message?: string } = {};
    const history = [{ round: 1, cause: 'Thought the sort was wrong.', files: ['src/sort.ts'], result: 'the same failure remained' }];
    const proposal = await proposeFix({ ctx: context(answering(codeFixExample, seen)), engineer, round: 2, maxRounds: 3, analysis, history, snapshot, triedForThisFailure: new Set() });
    expect(seen.problems).toEqual([]);
    expect(proposal.repeated).toBe(false);
    expect(proposal.signature).toBe(fixSignature(codeFixExample));
    expect(seen.message).toContain('## test: `npm test` — exited 1');
    expect(seen.message).toContain('# Current file src/reading-list.ts');
    expect(seen.message).toContain('- Round 1: Thought the sort was wrong. Changed src/sort.ts. Result: the same failure remained.');
    expect(seen.message).toContain('# Fix round 2 of 3');

    const wrong = { ...codeFixExample, edits: [{ path: 'src/reading-list.ts', search: 'no such text', replace: 'x' }] };
    await proposeFix({ ctx: context(answering(wrong, seen)), engineer, round: 1, maxRounds: 3, analysis, history: [], snapshot, triedForThisFailure: new Set() });
    expect(seen.problems?.[0]).toMatch(/^edits\[0\] \(src\/reading-list\.ts\): the search text is not in the file/);
  });

  it('accepts a repeat of an earlier attempt for the same failure without checking it, and marks it repeated', async () => {
    const seen: { problems?: string[] } = {};
    const applied = new Map([['src/reading-list.ts', snapshot.get('src/reading-list.ts')!.replace('!== undefined', '=== undefined')]]);
    const proposal = await proposeFix({ ctx: context(answering(codeFixExample, seen)), engineer, round: 2, maxRounds: 3, analysis, history: [], snapshot: applied, triedForThisFailure: new Set([fixSignature(codeFixExample)]) });
    expect(seen.problems).toEqual([]);
    expect(proposal.repeated).toBe(true);
  });
});

describe('fixSignature', () => {
  it('ignores notes and cause but not the change', () => {
    expect(fixSignature({ ...codeFixExample, notes: 'other', cause: 'another' } as typeof codeFixExample)).toBe(fixSignature(codeFixExample));
    expect(fixSignature({ ...codeFixExample, edits: [{ ...codeFixExample.edits![0]!, replace: 'y' }] })).not.toBe(fixSignature(codeFixExample));
  });
});
