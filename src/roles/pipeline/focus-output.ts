import { trimCommandOutput } from '../../documents/index.js';

/** Durations differ on every run; without them two runs of the same failure read the same. */
const TIMING_LINE = /^\s*(#\s*)?duration_ms:?\s+[\d.]+\s*$/;
const TIMING_INLINE = /\b\d+(?:\.\d+)?\s?(?:ms|s)\b(?=[)\s,]|$)/g;
const INTERNAL_FRAME = /\(node:[\w/]+(?::\d+){0,2}\)|\(?node:internal\/|^\s+at .*node_modules\//;
/** In a failing test's YAML block, the keys that explain it; the rest (expected/actual dumps, codes) repeat the error. */
const KEPT_KEYS = new Set(['location', 'error', 'stack']);

/** Removes timings so output can be compared across runs and hashed into stable prompts. */
export function withoutTimings(output: string): string {
  return output
    .split('\n')
    .filter((line) => !TIMING_LINE.test(line))
    .map((line) => line.replace(TIMING_INLINE, '…'))
    .join('\n');
}

/**
 * The part of a command's output that explains its result. For node --test's TAP, the passing
 * tests and their YAML blocks go, the failing ones and the summary stay; the coverage table
 * shrinks to its total. Everywhere, frames inside node itself or installed packages go, and the
 * rest is cut to the stored length, keeping its start and its end.
 */
export function focusOutput(output: string, maxChars?: number): string {
  const lines = withoutTimings(output).split('\n');
  const kept: string[] = [];
  let skipBlockIndent: number | undefined;
  let failingBlock: { indent: number; keep: boolean } | undefined;
  let inCoverage = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (skipBlockIndent !== undefined) {
      if (/^\s*\.\.\.\s*$/.test(line) && indentOf(line) === skipBlockIndent) skipBlockIndent = undefined;
      continue;
    }
    if (/^# start of coverage report/.test(line)) inCoverage = true;
    if (inCoverage) {
      if (/^# all files\s*\|/.test(line)) kept.push(line);
      if (/^# end of coverage report/.test(line)) inCoverage = false;
      continue;
    }
    if (failingBlock) {
      const key = /^(\s*)([\w-]+):/.exec(line);
      if (/^\s*\.\.\.\s*$/.test(line) && indentOf(line) === failingBlock.indent) failingBlock = undefined;
      else if (key && key[1]!.length === failingBlock.indent) failingBlock.keep = KEPT_KEYS.has(key[2]!);
      if (failingBlock && !failingBlock.keep) continue;
    } else if (/^\s*not ok \d+ - /.test(line) && /^\s*---\s*$/.test(lines[i + 1] ?? '')) {
      kept.push(line, lines[i + 1]!);
      failingBlock = { indent: indentOf(lines[i + 1]!), keep: true };
      i += 1;
      continue;
    }
    const passing = /^(\s*)ok \d+ - /.exec(line);
    if (passing) {
      if (/^\s*---\s*$/.test(lines[i + 1] ?? '')) skipBlockIndent = indentOf(lines[i + 1]!);
      i += skipBlockIndent === undefined ? 0 : 1;
      continue;
    }
    if (/^\s*# Subtest: /.test(line) || /^TAP version/.test(line) || INTERNAL_FRAME.test(line)) continue;
    kept.push(line);
  }
  return trimCommandOutput(kept.join('\n').replace(/\n{3,}/g, '\n\n'), maxChars);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
