import { repairMessage, type AnswerFormat } from './answer-format.js';
import { answerAttempt, type AnswerDeps, type Judge } from './answer-attempt.js';
import { estimatePromptTokens } from './estimate-tokens.js';
import { InvalidModelOutputError } from './invalid-model-output-error.js';
import type { LiveRequest } from './live-call.js';
import { keepAccepted, rejectServed, type ChainLink } from './response-cache.js';
import type { Route } from './route.js';
import type { CallContext, ChatMessage, LlmUsage, StructuredRequest } from './types.js';

export interface RepairLimits {
  /** Times an invalid answer is sent back with its problems. */
  maxRepairs: number;
  /** Of those, times a well-formed answer that misses the caller's checks is sent back. */
  maxCheckRepairs: number;
}

/** Counted over every model a call goes to: attempts and the usage of every answer. */
export interface CallTally {
  attempts: number;
  usage: LlmUsage;
}

export interface Prompt {
  system: string;
  format: AnswerFormat;
}

function addUsage(total: LlmUsage, usage: LlmUsage): LlmUsage {
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    cachedInputTokens: total.cachedInputTokens + usage.cachedInputTokens,
  };
}

export function liveRequestFor<T>(request: StructuredRequest<T>, prompt: Prompt, messages: readonly ChatMessage[]): LiveRequest {
  return {
    system: prompt.system,
    messages,
    schemaName: request.schemaName,
    format: prompt.format,
    promptTokens: estimatePromptTokens(prompt.system, messages, prompt.format),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
  };
}

/**
 * One model's conversation for a request: its answer, sent back with the exact problems until
 * one passes or the repairs run out (`InvalidModelOutputError`, for the backup to take over).
 * The response cache keeps the conversation only when it ends in an accepted answer; an answer
 * it served that then led nowhere is marked rejected, so asking again means a new live call.
 * `first` is the request's first attempt, built once per call and shared by every route.
 */
export async function answerOnRoute<T>(
  route: Route,
  request: StructuredRequest<T>,
  first: LiveRequest,
  judge: Judge<T>,
  position: { primary: boolean; limits: RepairLimits; tally: CallTally },
  deps: AnswerDeps,
): Promise<{ value: T; provider: string; model: string }> {
  const { limits, tally } = position;
  const context: CallContext = request.context;
  const failed: ChainLink[] = [];
  let live = first;
  let checkRepairs = 0;
  try {
    for (let repair = 0; ; repair++) {
      tally.attempts++;
      const answered = await answerAttempt(route, live, context, { attempt: tally.attempts, primary: position.primary }, deps, judge);
      tally.usage = addUsage(tally.usage, answered.answer.usage);
      const verdict = answered.verdict;
      if (verdict.ok) {
        await keepAccepted(deps.store, failed, answered.link);
        return { value: verdict.value, provider: answered.provider, model: answered.model };
      }
      failed.push(answered.link);
      if (repair >= limits.maxRepairs || (verdict.kind === 'check' && checkRepairs >= limits.maxCheckRepairs)) {
        // Named after the model that wrote the answer: a gateway may have handed the request to another.
        const answeredBy = answered.source === 'replay' ? route.ref : `${answered.provider}:${answered.model}`;
        throw new InvalidModelOutputError({ label: context.label, model: answeredBy, schemaName: request.schemaName, problems: verdict.problems, attempts: repair + 1 });
      }
      if (verdict.kind === 'check') checkRepairs++;
      deps.emit({ type: 'llm.repair', context, model: answered.model, problems: verdict.problems, attempt: tally.attempts });
      const messages: ChatMessage[] = [...live.messages, { role: 'assistant', content: answered.answer.text }, { role: 'user', content: repairMessage(verdict.problems) }];
      live = liveRequestFor(request, first, messages);
    }
  } catch (error) {
    await rejectServed(deps.store, failed);
    throw error;
  }
}
