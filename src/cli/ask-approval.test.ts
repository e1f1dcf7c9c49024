import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askApproval, type InlineDecision } from './ask-approval.js';

const document = { stageId: 'write_prd', name: 'prd', version: 1, path: 'todo/docs/prd.md' };

async function answer(lines: string, end = true): Promise<{ decision: InlineDecision; shown: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const asked = askApproval(document, { input, output });
  input.write(lines);
  if (end) input.end();
  return { decision: await asked, shown };
}

describe('askApproval (the inline prompt at a terminal)', () => {
  it('approves, with the comment typed after', async () => {
    const { decision, shown } = await answer('a\nscope is right\n');
    expect(decision).toEqual({ approve: true, comment: 'scope is right' });
    expect(shown).toContain('prd v1 (stage write_prd) waits for your approval: read todo/docs/prd.md');
  });

  it('sends it back with every line of feedback up to an empty line, asking again after an unknown answer', async () => {
    const { decision, shown } = await answer('maybe\nr\nAdd a story for clearing done todos.\nAnd name the file.\n\n');
    expect(decision).toEqual({ approve: false, feedback: 'Add a story for clearing done todos.\nAnd name the file.' });
    expect(shown).toContain('"maybe" is not one of a, r or s.');
  });

  it('does not send back an empty feedback, and stops when asked or when the input ends', async () => {
    expect((await answer('r\n\ns\n')).decision).toBe('stop');
    expect((await answer('r\n\ns\n')).shown).toContain('No feedback given: nothing was sent back.');
    expect((await answer('')).decision).toBe('stop');
  });
});
