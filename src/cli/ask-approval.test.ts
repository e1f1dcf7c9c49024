import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askAnswers, askApproval, lineReader, type InlineDecision } from './ask-approval.js';

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

  it('offers the editor when it can edit: an edit that cannot be read is said and asked again, a good one approves that version', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const tries: ({ said: string } | { content: unknown })[] = [{ said: 'Your edit cannot be read: it is not valid YAML.' }, { content: { title: 'mine' } }];
    const asked = askApproval(document, { input, output }, { edit: () => Promise.resolve(tries.shift()!) });
    input.end('e\ne\n');
    expect(await asked).toEqual({ approve: true, edited: { title: 'mine' } });
    expect(shown).toContain('[e] edit it in $EDITOR');
    expect(shown).toContain('Your edit cannot be read: it is not valid YAML.');
  });

  it('keeps lines typed ahead for the next prompt when the prompts share one reader', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const lines = lineReader({ input, output });
    // Everything typed at once: the answers to two prompts in a row.
    input.write('1=Forever\n\na\n\n');
    const answers = await askAnswers({ stageId: 'write_prd', name: 'prd', version: 1, questions: ['Keep them?', 'One list?'] }, { input, output, lines });
    expect(answers).toEqual(new Map([[1, '1=Forever']]));
    expect(await askApproval(document, { input, output, lines })).toEqual({ approve: true });
    lines.close();
  });
});
