import { dirname, posix } from 'node:path';
import type { StaticFinding } from '../documents/index.js';
import type { PipelineRun } from './pipeline/run-pipeline.js';
import { judgePipeline } from './pipeline/build-report.js';
import { isTestPath } from './project-files.js';

export interface FailingStep {
  step: string;
  command: string;
  note: string;
  /** The output with the workspace's absolute path made relative, so prompts read (and hash) alike anywhere. */
  output: string;
}

/** What a fix round starts from: what failed, with its output, and the files most likely involved. */
export interface FailureAnalysis {
  failing: FailingStep[];
  findings: StaticFinding[];
  /** Project files to show the engineer, most relevant first. */
  suspects: string[];
}

const MAX_SUSPECTS = 8;

/** Makes `root`'s absolute paths (also as file:// URLs) relative to the project. */
export function relativiseOutput(output: string, root: string): string {
  const base = root.replace(/\/+$/, '');
  return output.split(`file://${base}/`).join('').split(`${base}/`).join('');
}

/** Paths the output mentions (stack frames, `file:line`, Python's `File "x", line n`) that are project files. */
export function mentionedFiles(output: string, files: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const candidates = output.matchAll(/(?:File "([^"]+)"|([\w./@-]+\.(?:[cm]?[jt]sx?|py|json))(?::\d+)?)/g);
  for (const match of candidates) {
    const raw = (match[1] ?? match[2] ?? '').replace(/^\.\//, '');
    if (files.has(raw) && !found.includes(raw)) found.push(raw);
  }
  return found;
}

/**
 * A page that failed QA's browser smoke run: the page itself, the scripts and styles it loads,
 * and the files that import one the page asked for and the project lacks (the importer holds the
 * mistake, not the missing file).
 */
export function pageSuspects(run: Pick<PipelineRun, 'steps'>, failing: readonly string[], snapshot: ReadonlyMap<string, string>): string[] {
  const smoke = run.steps.find((step) => step.step === 'smoke' && step.name === 'browser smoke run');
  if (!smoke || !failing.includes('smoke')) return [];
  const page = /^open (\S+) in headless Chromium/.exec(smoke.command)?.[1];
  const files = new Set(snapshot.keys());
  const found: string[] = [];
  const add = (file: string) => {
    if (files.has(file) && !found.includes(file)) found.push(file);
  };
  let missing: string[] = [];
  try {
    // The page check prints its report as indented JSON; anything the sandbox adds after it is cut off.
    const end = smoke.fullOutput.indexOf('\n}');
    const report = JSON.parse(end === -1 ? smoke.fullOutput : smoke.fullOutput.slice(0, end + 2)) as { missing?: unknown };
    if (Array.isArray(report.missing)) missing = report.missing.filter((m): m is string => typeof m === 'string');
  } catch {
    // Not the page check's report (cut, or a crash): the page and what it loads still are suspects.
  }
  for (const absent of missing) {
    const name = posix.basename(absent);
    if (name === '') continue;
    for (const [file, content] of snapshot) if (/\.(m?[jt]sx?|html?)$/.test(file) && content.includes(name)) add(file);
  }
  if (page !== undefined) {
    add(page);
    for (const match of (snapshot.get(page) ?? '').matchAll(/\b(?:src|href)\s*=\s*["']([^"'#?]+)["']/g)) {
      const ref = match[1]!;
      if (/^[a-z]+:|^\/\//i.test(ref)) continue;
      add(posix.normalize(ref.startsWith('/') ? ref.slice(1) : posix.join(dirname(page), ref)));
    }
  }
  return found;
}

/** The project files a file imports by a relative path (JS/TS `from './x.js'`, `require('./x')`, Python `from .x import`). */
export function relativeImports(path: string, content: string, files: ReadonlySet<string>): string[] {
  const specifiers = [...content.matchAll(/(?:from\s+|require\(\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  const resolved: string[] = [];
  for (const specifier of specifiers) {
    const base = posix.normalize(posix.join(dirname(path), specifier));
    const options = [base, `${base}.js`, `${base}.ts`, base.replace(/\.js$/, '.ts'), `${base}/index.js`, `${base}/index.ts`];
    const hit = options.find((option) => files.has(option));
    if (hit && !resolved.includes(hit)) resolved.push(hit);
  }
  for (const match of content.matchAll(/^\s*(?:from|import)\s+([\w.]+)/gm)) {
    const module = `${match[1]!.replace(/^\.+/, '').replace(/\./g, '/')}.py`;
    const hit = [module, posix.join(dirname(path), module)].find((option) => files.has(option));
    if (hit && !resolved.includes(hit)) resolved.push(hit);
  }
  return resolved;
}

/**
 * Which files are involved: the ones the failing output names, what the named test files import,
 * and the files with high scan findings; code before tests, each in the order found. When the
 * output names none, every non-test source file (projects here are small).
 */
export function analyseFailure(run: PipelineRun, snapshot: ReadonlyMap<string, string>, root: string): FailureAnalysis {
  const verdict = judgePipeline(run);
  const files = new Set(snapshot.keys());
  const failing = run.steps
    .filter((step) => verdict.failing.includes(step.step))
    .map((step) => ({ step: step.step, command: step.command, note: step.note ?? step.outcome, output: relativiseOutput(step.output, root) }));
  const findings = run.scan.findings.filter((f) => f.severity === 'high');

  const mentioned = [...failing.flatMap((step) => mentionedFiles(step.output, files)), ...pageSuspects(run, verdict.failing, snapshot)];
  const imported = mentioned.filter(isTestPath).flatMap((test) => relativeImports(test, snapshot.get(test) ?? '', files));
  const involved = [...new Set([...mentioned, ...imported, ...findings.map((f) => f.file)])].filter((f) => files.has(f));
  // The code under test before the tests: the fix is most often there, and the list may be cut.
  const suspects = [...involved.filter((f) => !isTestPath(f)), ...involved.filter((f) => isTestPath(f))];
  if (suspects.length === 0) suspects.push(...[...files].filter((f) => !isTestPath(f) && /\.(m?[jt]sx?|cjs|py)$/.test(f)).sort());
  return { failing, findings, suspects: suspects.slice(0, MAX_SUSPECTS) };
}
