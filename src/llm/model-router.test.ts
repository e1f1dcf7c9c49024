import { describe, expect, it } from 'vitest';
import { candidateOf, catalogModel, endpoint } from './candidates.test-support.js';
import { ModelRouter, specFor } from './model-router.js';
import { taskForRole } from './task-types.js';

const openrouter = endpoint('openrouter', { apiKey: 'or-key-123456789' });
const ollama = endpoint('ollama', { type: 'ollama', baseUrl: 'http://localhost:11434/v1', structuredOutputs: false });
const sonnet = candidateOf(openrouter, catalogModel('anthropic/claude-sonnet-4.5', { context: 1_000_000, inPerM: '3', outPerM: '15' }));
const mini = candidateOf(openrouter, catalogModel('openai/gpt-4.1-mini', { inPerM: '0.4', outPerM: '1.6' }));
const llama = candidateOf(ollama, { ...catalogModel('llama3.2:latest', { inPerM: '0' }), contextLength: undefined, source: 'ollama' });

function router(pins = {}) {
  return new ModelRouter({ providers: [openrouter, ollama], candidates: [sonnet, mini, llama], pins, createModel: () => 'unused' });
}

describe('ModelRouter', () => {
  it('maps built-in roles to their task and custom roles to `custom`', () => {
    expect(taskForRole('engineer')).toBe('code_generation');
    expect(taskForRole('api_designer')).toBe('system_design');
    expect(taskForRole('tech_writer')).toBe('documentation');
    expect(taskForRole('security_expert')).toBe('custom');
  });

  it('applies the most specific pin: CLI stage, workflow stage, config stage, CLI role, config role, --model, default', () => {
    const pins = {
      cliStages: { implement: 'openrouter:openai/gpt-4.1-mini' },
      configStages: { write_prd: 'ollama:llama3.2:latest' },
      configRoles: { architect: 'anthropic/claude-sonnet-4.5' },
      cli: 'openai/gpt-4.1-mini',
    };
    const r = router(pins);
    const primary = (stageId: string, role: string, stageModel?: string) => r.choose({ stageId, role, ...(stageModel ? { stageModel } : {}) }).chain[0]?.candidate.ref;
    expect(primary('implement', 'engineer', 'ollama:llama3.2:latest')).toBe('openrouter:openai/gpt-4.1-mini');
    expect(primary('write_prd', 'product_manager', 'anthropic/claude-sonnet-4.5')).toBe('openrouter:anthropic/claude-sonnet-4.5');
    expect(primary('write_prd', 'product_manager')).toBe('ollama:llama3.2:latest');
    expect(primary('design_system', 'architect')).toBe('openrouter:anthropic/claude-sonnet-4.5');
    expect(primary('write_user_docs', 'tech_writer')).toBe('openrouter:openai/gpt-4.1-mini');
    expect(r.choose({ stageId: 'write_prd', role: 'product_manager' }).pinnedBy).toBe('models.stages.write_prd');
  });

  it('keeps backups after a pinned primary', () => {
    const choice = router({ cli: 'openai/gpt-4.1-mini' }).choose({ stageId: 'implement', role: 'engineer' });
    expect(choice.chain.map((entry) => entry.candidate.ref)).toEqual(['openrouter:openai/gpt-4.1-mini', 'openrouter:anthropic/claude-sonnet-4.5', 'ollama:llama3.2:latest']);
    expect(choice.chain[0]!.notes[0]).toBe('pinned by --model');
  });

  it('accepts a model no catalog lists, on the provider its name suggests', () => {
    const r = router();
    expect(r.resolveRef('ollama:qwen2.5-coder')).toMatchObject({ ref: 'ollama:qwen2.5-coder', modelId: 'qwen2.5-coder' });
    expect(r.resolveRef('mistralai/devstral')?.provider.name).toBe('openrouter');
    expect(r.resolveRef('mystery-model')?.provider.name).toBe('ollama');
    expect(r.resolveRef('anthropic/claude-sonnet-4.5')).toBe(sonnet);
  });

  it('builds the SDK spec a candidate needs, with the key and local servers as openai-compatible', () => {
    expect(specFor(sonnet)).toMatchObject({ provider: 'openrouter', name: 'openrouter', apiKey: 'or-key-123456789', model: 'anthropic/claude-sonnet-4.5', structuredOutputs: true });
    expect(specFor(llama)).toMatchObject({ provider: 'openai-compatible', name: 'ollama', baseUrl: 'http://localhost:11434/v1', structuredOutputs: false });
  });
});
