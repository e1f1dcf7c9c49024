import { describe, expect, it } from 'vitest';
import type { FakeChatRequest } from './fake-llm-types.js';
import { routeByContent, scriptedResponder } from './scripted-responder.js';

function request(content: string, system = ''): FakeChatRequest {
  return { api: 'openai', model: 'm', system, messages: [{ role: 'user', content }], stream: false, headers: {}, body: {}, bodyHash: 'h', index: 0 };
}

describe('scriptedResponder', () => {
  it('answers in order and fails loudly once the script runs out', async () => {
    const respond = scriptedResponder([{ kind: 'text', content: 'one' }, { kind: 'hang' }]);

    expect(await respond(request('a'))).toEqual({ kind: 'text', content: 'one' });
    expect(await respond(request('b'))).toEqual({ kind: 'hang' });
    expect(() => respond(request('third question'))).toThrow(/only 2 replies but was called 3 times.*third question/);
  });
});

describe('routeByContent', () => {
  const respond = routeByContent(
    [
      { match: (req) => req.system.includes('Architect'), reply: { kind: 'text', content: 'design' } },
      { match: (req) => req.messages.some((m) => m.content.includes('plan')), reply: (req) => ({ kind: 'text', content: `plan for ${req.model}` }) },
    ],
  );

  it('answers with the first route that matches, static or computed', async () => {
    expect(await respond(request('plan it', 'You are the Architect.'))).toEqual({ kind: 'text', content: 'design' });
    expect(await respond(request('make a plan'))).toEqual({ kind: 'text', content: 'plan for m' });
  });

  it('uses the fallback when nothing matches, and names the request when there is none', async () => {
    const withFallback = routeByContent([], () => ({ kind: 'error', status: 500 }));

    expect(await withFallback(request('x'))).toEqual({ kind: 'error', status: 500 });
    expect(() => respond(request('something else'))).toThrow(/no route matches request #0.*something else/);
  });
});
