import { createHash } from 'node:crypto';
import { codeFixSchema, normalizeProjectPath, type CodeFix } from '../documents/index.js';
import type { RoleSnapshot } from './role-snapshot.js';
import type { LlmUsage } from '../llm/index.js';
import type { FailureAnalysis } from './analyse-failure.js';
import { composePrompt } from './build-prompt.js';
import { fenced } from './project-files.js';
import { type StageContext, callContext, reportPacking } from './stage-context.js';
import { changeProblems } from './write-change.js';

export const CODE_FIX_NAME = 'code_fix';

const FIX_RULES = `The project failed its validation in the sandbox. Find the root cause of the failure from the output and the code shown, state it in "cause" (file, line, what is wrong), and repair it with the smallest change: "edits" are exact search-and-replace changes of existing files, each search copied exactly from the current content shown (whitespace included) and occurring in the file exactly once; "files" only for files that do not exist yet, with their whole content. Fix the code, not the tests: change a test only when it contradicts the PRD or the design, and say so in "notes"; never delete, skip or weaken a test to make it pass. Touch nothing unrelated to the failure. If an earlier round's fix did not work, do not repeat it: find what it missed.`;

/** One earlier round, as the next round's prompt recalls it. */
export interface FixHistoryEntry {
  round: number;
  cause: string;
  files: string[];
  result: string;
}

export interface FixProposal {
  fix: CodeFix;
  /** Identifies the attempt: the same edits and files give the same signature. */
  signature: string;
  /** True when this exact attempt was already made for this exact failure: the loop ends instead of applying it. */
  repeated: boolean;
  usage: LlmUsage;
}

export interface FixRequest {
  ctx: StageContext;
  engineer: RoleSnapshot;
  round: number;
  maxRounds: number;
  analysis: FailureAnalysis;
  history: readonly FixHistoryEntry[];
  /** The project's files now; edits are checked against them. */
  snapshot: ReadonlyMap<string, string>;
  /** Signatures of the attempts already made for this same failure. */
  triedForThisFailure: ReadonlySet<string>;
}

export function fixSignature(fix: Pick<CodeFix, 'files' | 'edits'>): string {
  const edits = (fix.edits ?? []).map((e) => [normalizeProjectPath(e.path), e.search, e.replace]);
  const files = fix.files.map((f) => [normalizeProjectPath(f.path), f.content]).sort();
  return createHash('sha256').update(JSON.stringify([edits, files])).digest('hex');
}

function failureSection(analysis: FailureAnalysis): string {
  const steps = analysis.failing.map((step) => `## ${step.step}: \`${step.command}\` — ${step.note}\n\n${fenced(step.output || '(no output)')}`);
  const findings = analysis.findings.map((f) => `- ${f.file}:${f.line} [${f.rule}] ${f.message}\n  \`${f.excerpt}\``);
  return [`# What failed`, ...steps, ...(findings.length > 0 ? [`## static scan (high severity)\n\n${findings.join('\n')}`] : [])].join('\n\n');
}

/** The engineer's behaviour in a fix round: name the cause, answer with strict edits. */
export async function proposeFix(request: FixRequest): Promise<FixProposal> {
  const { ctx, engineer, round, analysis } = request;
  const files = analysis.suspects.flatMap((path) => {
    const content = request.snapshot.get(path);
    return content === undefined ? [] : [`# Current file ${path}\n\n${fenced(content).trim()}`];
  });
  const history = request.history.map((h) => `- Round ${h.round}: ${h.cause} Changed ${h.files.join(', ') || 'nothing'}. Result: ${h.result}.`);
  const label = `fix round ${round} of stage "${ctx.stage.id}"`;
  // The files to edit are never cut (a search must be copied from them); the design is packed around them.
  const prompt = composePrompt({
    idea: ctx.idea,
    role: engineer,
    output: { name: CODE_FIX_NAME, kind: 'source_code', title: 'Code fix' },
    inputs: ctx.inputs.filter((input) => input.kind === 'system_design'),
    rules: FIX_RULES,
    fixed: [failureSection(analysis), ...files, ...(history.length > 0 ? [`# Earlier fix rounds\n\n${history.join('\n')}`] : [])],
    task: `# Fix round ${round} of ${request.maxRounds}\n\nFind the root cause and answer with the "${CODE_FIX_NAME}" that repairs it.`,
  });
  await reportPacking(ctx, prompt.packing, `fix-${round}`, label);

  const rules = { mode: 'fix' as const, snapshot: request.snapshot };
  const result = await ctx.llm.generateStructured({
    context: callContext(ctx, engineer, label, `fix-${round}`),
    system: prompt.system,
    messages: prompt.messages,
    schema: codeFixSchema,
    schemaName: CODE_FIX_NAME,
    // A repeat of an earlier attempt for this same failure is accepted as it is: the loop stops on it
    // honestly, rather than sending it back and paying for answers that cannot help.
    check: (fix) => (request.triedForThisFailure.has(fixSignature(fix)) ? [] : changeProblems(fix, rules)),
    temperature: engineer.temperature,
  });
  const signature = fixSignature(result.value);
  return { fix: result.value, signature, repeated: request.triedForThisFailure.has(signature), usage: result.usage };
}
