import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './parse-chat-request.js';

// Trimmed from wire-fixtures/openai_chat_request.json and anthropic_request.json.
const openAiBody = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are the Architect.' },
    { role: 'user', content: [{ type: 'text', text: 'Write the system design' }, { type: 'text', text: 'for a snake game' }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'write_file', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'call_abc', content: 'ok' },
  ],
  response_format: { type: 'json_schema', json_schema: { name: 'task_list', strict: true, schema: { type: 'object' } } },
  stream: true,
};
const anthropicBody = {
  model: 'claude-sonnet-4-5',
  max_tokens: 4096,
  system: [{ type: 'text', text: 'You are the Engineer.' }],
  messages: [
    { role: 'user', content: 'Implement main.py' },
    { role: 'assistant', content: [{ type: 'text', text: 'Writing the file.' }, { type: 'tool_use', id: 'toolu_01', name: 'write_file', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'ok', is_error: false }] },
  ],
  output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
};

describe('parseChatRequest', () => {
  it('reads an OpenAI body: system apart, text parts joined, tool results as text', () => {
    const parsed = parseChatRequest('openai', openAiBody, { 'x-test': '1' }, 4);

    expect(parsed.ok && parsed.request).toMatchObject({
      api: 'openai',
      model: 'gpt-4o-mini',
      system: 'You are the Architect.',
      messages: [
        { role: 'user', content: 'Write the system design\nfor a snake game' },
        { role: 'assistant', content: '' },
        { role: 'tool', content: 'ok' },
      ],
      stream: true,
      responseFormat: { type: 'json_schema', json_schema: { name: 'task_list' } },
      headers: { 'x-test': '1' },
      index: 4,
    });
  });

  it('reads an Anthropic body: block system, tool_result text, output_config.format as the response format', () => {
    const parsed = parseChatRequest('anthropic', anthropicBody, {}, 0);

    expect(parsed.ok && parsed.request).toMatchObject({
      system: 'You are the Engineer.',
      messages: [
        { role: 'user', content: 'Implement main.py' },
        { role: 'assistant', content: 'Writing the file.' },
        { role: 'user', content: 'ok' },
      ],
      stream: false,
      responseFormat: { type: 'json_schema' },
    });
  });

  it('names what is missing from a body that is not a chat request', () => {
    const parsed = parseChatRequest('openai', { messages: 'hi' }, {}, 0);

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(/model/);
  });
});
