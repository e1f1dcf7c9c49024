import { createInterface } from 'node:readline/promises';
import pc from 'picocolors';
import { printable } from '../observe/printable.js';

/** A document waiting for a person, as the inline prompt shows it. */
export interface WaitingDocument {
  stageId: string;
  name: string;
  version: number;
  /** Where the person reads it, relative to where they are. */
  path: string;
}

export type InlineDecision = { approve: true; comment?: string; edited?: unknown } | { approve: false; feedback: string } | 'stop';

/** Most lines of feedback one answer takes (a paste ends on its own empty line long before). */
const MAX_FEEDBACK_LINES = 200;

export interface PromptIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Lines read for every prompt of the session, so lines typed ahead reach the prompt after; made (and closed) here when absent. */
  lines?: LineReader;
}

/**
 * Asks, in a terminal, what to do with a document that waits for approval: approve it (with an
 * optional comment), request changes (the feedback, ended by an empty line), edit it in the
 * person's editor (when `edit` is given: their version is approved, once it validates), or stop
 * and decide later with `atelier approve` / `atelier reject`. An answer it does not know is asked again.
 */
export async function askApproval(document: WaitingDocument, io: PromptIo, options: { edit?: () => Promise<{ content: unknown } | { said: string }>; /** A replayed run: its recording holds no answer for a changed document, so it can only be approved. */ approveOnly?: boolean } = {}): Promise<InlineDecision> {
  const { ask, close } = io.lines ? { ask: io.lines.ask, close: () => undefined } : lineReader(io);
  const offered = options.approveOnly ? ['[a] approve'] : ['[a] approve', '[r] request changes', ...(options.edit ? ['[e] edit it in $EDITOR'] : [])];
  const choices = `  ${[...offered, '[s] stop here and decide later'].join('   ')}\n  > `;
  const letters = offered.map((o) => o[1]!);
  try {
    io.output.write(`\n${colorsFor(io.output).bold(`${printable(document.name)} v${document.version}`)} (stage ${printable(document.stageId)}) waits for your approval: read ${printable(document.path)}\n`);
    for (;;) {
      const answer = (await ask(choices))?.trim().toLowerCase();
      if (answer === undefined || answer === 's' || answer === 'stop') return 'stop';
      // Enter alone asks again, without a complaint.
      if (answer === '') continue;
      if (options.approveOnly && ['r', 'e', 'edit', 'reject', 'request changes'].includes(answer)) {
        io.output.write('  This run replays a recording, which holds no answer for a changed document: it can only be approved (a or s).\n');
        continue;
      }
      if (answer === 'a' || answer === 'approve') {
        const comment = (await ask('  A comment to keep with the approval (Enter for none): '))?.trim();
        return { approve: true, ...(comment ? { comment } : {}) };
      }
      if (answer === 'r' || answer === 'request changes' || answer === 'reject') {
        io.output.write('  What should change? End with an empty line.\n');
        const lines: string[] = [];
        for (let i = 0; i < MAX_FEEDBACK_LINES; i++) {
          const line = await ask('  | ');
          if (line === undefined || line.trim() === '') break;
          lines.push(line);
        }
        const feedback = lines.join('\n').trim();
        if (feedback !== '') return { approve: false, feedback };
        io.output.write('  No feedback given: nothing was sent back.\n');
        continue;
      }
      if (options.edit && (answer === 'e' || answer === 'edit')) {
        const edited = await options.edit();
        if ('said' in edited) {
          io.output.write(`  ${edited.said}\n`);
          continue;
        }
        io.output.write('  Your edit reads as a document; it is checked once more as it is recorded.\n');
        const comment = (await ask('  A comment to keep with the approval (Enter for none): '))?.trim();
        return { approve: true, edited: edited.content, ...(comment ? { comment } : {}) };
      }
      io.output.write(`  "${printable(answer)}" is not one of ${letters.join(', ')} or s.\n`);
    }
  } finally {
    close();
  }
}

/**
 * Asks each of a role's questions in turn; an empty answer leaves that one to the role. The end
 * of the input before the first answer is a stop (decide later with `atelier answer`).
 */
export async function askAnswers(asking: { stageId: string; name: string; version: number; questions: string[]; roleName?: string }, io: PromptIo): Promise<Map<number, string> | 'stop'> {
  const { ask, close } = io.lines ? { ask: io.lines.ask, close: () => undefined } : lineReader(io);
  try {
    io.output.write(`\n${colorsFor(io.output).bold(`${printable(asking.name)} v${asking.version}`)} (stage ${printable(asking.stageId)}): the role asks ${asking.questions.length === 1 ? 'a question' : `${asking.questions.length} questions`} before going on (Enter leaves one to it).\n`);
    const answers = new Map<number, string>();
    for (const [i, question] of asking.questions.entries()) {
      const answer = await ask(`  ${i + 1}. ${printable(question)}\n  > `);
      if (answer === undefined) return answers.size > 0 ? answers : 'stop';
      if (answer.trim() !== '') answers.set(i + 1, answer.trim());
    }
    return answers.size > 0 ? answers : 'stop';
  } finally {
    close();
  }
}

/** Colours only on a terminal that takes them (a pipe or a test's stream gets plain text, whatever CI says). */
function colorsFor(output: NodeJS.WritableStream): ReturnType<typeof pc.createColors> {
  return pc.createColors(pc.isColorSupported && (output as { isTTY?: boolean }).isTTY === true);
}

/** Prompts answered by lines of the input. */
export interface LineReader {
  ask: (question: string) => Promise<string | undefined>;
  close: () => void;
}

/** Lines of the input as answers to prompts; lines that arrive together (a paste, typed ahead) wait their turn. */
export function lineReader(io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): LineReader {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  // Lines may arrive together (a paste, a pipe): they wait here until asked for.
  const queued: string[] = [];
  let closed = false;
  let waiter: ((line: string | undefined) => void) | undefined;
  rl.on('line', (line) => {
    if (waiter) {
      const wake = waiter;
      waiter = undefined;
      wake(line);
    } else queued.push(line);
  });
  rl.on('close', () => {
    closed = true;
    waiter?.(undefined);
    waiter = undefined;
  });
  const ask = (question: string): Promise<string | undefined> => {
    io.output.write(question);
    if (queued.length > 0) return Promise.resolve(queued.shift());
    // The input may end (Ctrl-D, a closed pipe): that is a stop, not an answer.
    if (closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (waiter = resolve));
  };
  return { ask, close: () => rl.close() };
}

