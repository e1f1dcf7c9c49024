import { describe, expect, it } from 'vitest';
import { fitToWidth } from './progress-view.js';

describe('fitToWidth', () => {
  it('cuts visible characters only, keeping colour codes', () => {
    expect(fitToWidth('abcdef', 4)).toBe('abcd\x1b[0m');
    expect(fitToWidth('\x1b[32mabc\x1b[39mdef', 4)).toBe('\x1b[32mabc\x1b[39md\x1b[0m');
    expect(fitToWidth('short', 10)).toBe('short');
  });
});

describe('the live view', () => {
  it('draws the stage tree in place with roles, models, tokens and the tasks of a running fan-out', async () => {
    const { createLiveView } = await import('./progress-view.js');
    let written = '';
    const out = { isTTY: true, columns: 120, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
    const stage = (id: string, roleId: string, behaviour: 'document' | 'engineer') => ({
      id, roleId, roleName: roleId, inputs: [], output: id, kind: 'prd' as const, behaviour, dependsOn: [], approval: false, retries: 0,
    });
    const role = (id: string, displayName: string) => ({
      id, displayName, description: '', systemPrompt: 'p', sections: [], requiredPatterns: [], contextTokens: 8000, behaviour: 'document' as const,
    });
    const plan = {
      version: 1 as const, idea: 'x', projectName: 'x',
      workflow: { id: 'standard', name: 'Standard', description: '', stages: [stage('write_prd', 'product_manager', 'document'), stage('implement', 'engineer', 'engineer')] },
      roles: { product_manager: role('product_manager', 'Product Manager'), engineer: role('engineer', 'Software Engineer') },
      options: { concurrency: 1, model: null },
    };
    let seq = 0;
    const event = (type: string, payload: Record<string, unknown>, stageId: string | null = null, taskId: string | null = null) => ({
      seq: ++seq, runId: 'r-1', type, stageId, taskId, payload, at: new Date(Date.UTC(2026, 10, 21, 0, 0, seq)).toISOString(),
    });
    const view = createLiveView(plan, 'r-1', out);
    // Payloads as the engine writes them: the view reads events through their schemas.
    view.onEvent(event('run.started', { idea: 'x', workflow: 'standard', project: '/p', concurrency: 1, provider: 'openrouter', model: 'auto' }));
    view.onEvent(event('stage.started', { role: 'product_manager', roleName: 'Product Manager', behaviour: 'document', output: 'prd', model: 'openai/gpt-4.1-mini' }, 'write_prd'));
    view.onEvent(
      event('llm.call.finished', { provider: 'openrouter', model: 'openai/gpt-4.1-mini', usage: { inputTokens: 1200, outputTokens: 800 }, latencyMs: 900, requestHash: 'h', source: 'live', costUsd: '0.0021' }, 'write_prd'),
    );
    view.onEvent(event('stage.finished', { document: 'prd', path: 'docs/prd.md', version: 1 }, 'write_prd'));
    view.onEvent(event('stage.started', { role: 'engineer', roleName: 'Software Engineer', behaviour: 'engineer', output: 'code', model: 'anthropic/claude-sonnet-4.5' }, 'implement'));
    view.onEvent(event('task.started', { title: 'Create the store', files: ['src/store.js'], attempt: 1 }, 'implement', 'T1'));
    // One tick of the redraw timer, then the final frame: two frames drawn over each other.
    await new Promise((resolve) => setTimeout(resolve, 150));
    view.stop();

    // Colours are on when the environment asks for them (CI=true does): compare the text alone.
    const colour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    const lastFrame = written.split('\x1b[2K').slice(-7).join('\n').replace(colour, '');
    expect(lastFrame).toMatch(/✔ write_prd .*Product Manager .*openai\/gpt-4\.1-mini .*2\.0k tok .*docs\/prd\.md/);
    expect(lastFrame).toMatch(/implement .*Software Engineer .*anthropic\/claude-sonnet-4\.5/);
    expect(lastFrame).toMatch(/T1 +Create the store/);
    // Each frame moves the cursor back over the previous one and clears what is left below it.
    expect(written).toContain('\x1b[0J');
    expect(written).toMatch(new RegExp(`${String.fromCharCode(27)}\\[\\d+A`));
    expect(view.state.cost).toBe(2_100_000_000_000_000n);
  });
});
