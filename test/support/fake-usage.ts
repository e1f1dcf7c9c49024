import type { FakeChatRequest, FakeUsage } from './fake-llm-types.js';

/** The fake's token count: one token per four characters, rounded up, like the usual rule of thumb. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The usage a reply reports: the one the test gave, or an estimate from the prompt and the output. */
export function resolveUsage(request: FakeChatRequest, output: string, given?: FakeUsage): Required<FakeUsage> {
  if (given) return { cachedInputTokens: 0, cacheWriteTokens: 0, ...given };
  const prompt = request.system + request.messages.map((m) => m.content).join('');
  return { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(output), cachedInputTokens: 0, cacheWriteTokens: 0 };
}
