import { z } from 'zod';
import { canonicalHash } from './canonical-json.js';
import type { FakeApi, FakeChatRequest } from './fake-llm-types.js';

// Only the fields the fake server routes on are checked; everything else stays in `body` untouched.
const textBlock = z.looseObject({ type: z.string(), text: z.string().optional() });
const anthropicBlock = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  content: z.union([z.string(), z.array(textBlock)]).optional(),
});

const openAiBody = z.looseObject({
  model: z.string(),
  messages: z.array(
    z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(textBlock)]).nullish() }),
  ),
  stream: z.boolean().nullish(),
  response_format: z.unknown().optional(),
  tools: z.unknown().optional(),
});

const anthropicBody = z.looseObject({
  model: z.string(),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(anthropicBlock)]) })),
  stream: z.boolean().nullish(),
  output_config: z.looseObject({ format: z.unknown().optional() }).optional(),
  tools: z.unknown().optional(),
});

type ParseResult = { ok: true; request: FakeChatRequest } | { ok: false; problem: string };

/** Turns a raw request body into the logged request, or names what is wrong with it (sent back as a 400). */
export function parseChatRequest(
  api: FakeApi,
  body: unknown,
  headers: Record<string, string>,
  index: number,
): ParseResult {
  const common = { api, headers, body, bodyHash: canonicalHash(body), index };
  if (api === 'openai') {
    const parsed = openAiBody.safeParse(body);
    if (!parsed.success) return { ok: false, problem: z.prettifyError(parsed.error) };
    const { model, messages, stream, response_format, tools } = parsed.data;
    const system = messages.filter((m) => m.role === 'system' || m.role === 'developer');
    return {
      ok: true,
      request: {
        ...common,
        model,
        system: system.map((m) => blocksText(m.content)).join('\n\n'),
        messages: messages
          .filter((m) => !system.includes(m))
          .map((m) => ({ role: m.role, content: blocksText(m.content) })),
        stream: stream === true,
        ...(response_format !== undefined && { responseFormat: response_format }),
        ...(tools !== undefined && { tools }),
      },
    };
  }
  const parsed = anthropicBody.safeParse(body);
  if (!parsed.success) return { ok: false, problem: z.prettifyError(parsed.error) };
  const { model, system, messages, stream, output_config, tools } = parsed.data;
  return {
    ok: true,
    request: {
      ...common,
      model,
      system: blocksText(system),
      messages: messages.map((m) => ({ role: m.role, content: blocksText(m.content) })),
      stream: stream === true,
      ...(output_config?.format !== undefined && { responseFormat: output_config.format }),
      ...(tools !== undefined && { tools }),
    },
  };
}

type Blocks = string | null | undefined | z.infer<typeof anthropicBlock>[];

/** Text of a message: its text parts, and the text of tool results, one per line. */
function blocksText(content: Blocks): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((block) => block.text ?? (block.type === 'tool_result' ? blocksText(block.content) : undefined))
    .filter((text): text is string => text !== undefined)
    .join('\n');
}
