import { describe, expect, it } from 'vitest';
import { describePacking, packContext } from './pack-context.js';

describe('packContext', () => {
  it('keeps everything when it fits, and reports nothing', () => {
    const parts = [{ heading: 'a', body: 'x'.repeat(40) }];
    const { parts: packed, report } = packContext(parts, 100);
    expect(packed).toEqual(parts);
    expect(describePacking(report)).toBeUndefined();
  });

  it('keeps small parts whole and cuts the large one with a marker', () => {
    const small = { heading: 'small', body: 's'.repeat(100) };
    const large = { heading: 'large', body: 'l'.repeat(10_000) };
    const { parts: packed, report } = packContext([large, small], 500); // 2,000 characters
    expect(packed[1]).toEqual(small);
    expect(packed[0]!.body.startsWith('l'.repeat(1_900))).toBe(true);
    expect(packed[0]!.body).toContain('characters cut to fit');
    const kept = packed[0]!.body.split('\n\n[')[0]!.length;
    expect(kept + small.body.length).toBeLessThanOrEqual(2_000);
    expect(report.cut).toEqual([{ heading: 'large', chars: 10_000 - kept }]);
  });

  it('leaves out reference-only parts, largest first, before it cuts what the call needs', () => {
    const design = { heading: 'design', body: 'd'.repeat(1_500), shared: true };
    const bigRef = { heading: 'file a.js', body: 'a'.repeat(3_000), priority: 0 };
    const smallRef = { heading: 'file b.js', body: 'b'.repeat(400), priority: 0 };
    const { parts, report } = packContext([design, bigRef, smallRef], 500);
    expect(parts.map((part) => part.heading)).toEqual(['design', 'file b.js']);
    expect(parts[0]).toEqual(design);
    expect(report.dropped).toEqual([{ heading: 'file a.js', chars: 3_000 }]);
    expect(describePacking(report)).toBe('to fit 500 tokens: left out file a.js (3000 chars)');
  });

  it('closes a code block the cut lands in, with the fence that opened it, before the marker', () => {
    const cutAt = (body: string, budgetTokens: number) => packContext([{ heading: 'file a.js', body }], budgetTokens).parts[0]!.body;
    const code = `# File a.js\n\n\`\`\`\`js\nconst fence = '\`\`\`';\n\`\`\`\n${'x = 1;\n'.repeat(500)}\`\`\`\`\n`;
    const cut = cutAt(code, 100);
    // The inner three-backtick line is content of the four-backtick block: the block is still open at the cut.
    expect(cut).toMatch(/\nx = 1;?\n````\n\n\[… \d+ characters cut to fit the model's context …\]$/);
    expect(cut.split('\n').filter((line) => line.startsWith('````'))).toEqual(['````js', '````']);
    // Cut in the middle of a line, the fence goes on a line of its own.
    expect(cutAt('~~~\n' + 'y'.repeat(1_000), 10)).toMatch(/^~~~\ny{36}\n~~~\n\n\[… /);
    // Outside any block (closed before the cut, or inline backticks), nothing is added.
    expect(cutAt('```\na\n```\n' + 'z'.repeat(1_000), 10)).toMatch(/z\n\n\[… /);
    expect(cutAt('```not a fence```\n' + 'z'.repeat(1_000), 10)).toMatch(/z\n\n\[… /);
    // A block closed by a line with a Windows line ending is closed too.
    expect(cutAt('```\na\n```\r\n' + 'z'.repeat(1_000), 10)).toMatch(/z\n\n\[… /);
  });
});
