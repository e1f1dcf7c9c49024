import type { FakeChatRequest, FakeReply, FakeResponder } from './fake-llm-types.js';

/** Answers the n-th request with `replies[n]`; one request too many fails loudly, naming what it asked. */
export function scriptedResponder(replies: FakeReply[]): FakeResponder {
  let next = 0;
  return (req) => {
    const reply = replies[next];
    next += 1;
    if (reply === undefined) {
      throw new Error(
        `scripted responder has only ${replies.length} replies but was called ${next} times ` +
          `(request #${req.index}, model ${req.model}, last message: ${JSON.stringify(lastMessage(req).slice(0, 80))})`,
      );
    }
    return reply;
  };
}

export interface ContentRoute {
  match: (req: FakeChatRequest) => boolean;
  reply: FakeReply | ((req: FakeChatRequest) => FakeReply | Promise<FakeReply>);
}

/** Answers with the first route whose `match` accepts the request, else the fallback, else fails naming the request. */
export function routeByContent(routes: ContentRoute[], fallback?: FakeResponder): FakeResponder {
  return (req) => {
    const route = routes.find((candidate) => candidate.match(req));
    if (route) return typeof route.reply === 'function' ? route.reply(req) : route.reply;
    if (fallback) return fallback(req);
    throw new Error(
      `no route matches request #${req.index} (model ${req.model}, system: ${JSON.stringify(req.system.slice(0, 60))}, ` +
        `last message: ${JSON.stringify(lastMessage(req).slice(0, 80))})`,
    );
  };
}

function lastMessage(req: FakeChatRequest): string {
  return req.messages.at(-1)?.content ?? '';
}
