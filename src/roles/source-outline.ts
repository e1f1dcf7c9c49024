import { isTestPath } from './project-files.js';

/** Files shorter than this are shown whole: their outline would save little and hide much. */
export const OUTLINE_OVER_CHARS = 1_500;

const JS_LIKE = /\.[cm]?[jt]sx?$/;
const PYTHON = /\.py$/;
// `[^\\]` keeps the two branches apart: a name of many backslashes cannot backtrack exponentially.
const TEST_CALL = /^\s*(?:test|it|describe|suite)(?:\.(?:only|skip|todo))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/;
const PY_TEST = /^\s*(?:async\s+)?def\s+(test\w*)\s*\(/;

/** A doc comment that ends right above `index`, if it is short enough to carry (at most six lines). */
function leadingComment(lines: readonly string[], index: number): string[] {
  const above = lines[index - 1]?.trim();
  if (above === undefined) return [];
  if (above.startsWith('//')) return [lines[index - 1]!];
  if (!above.endsWith('*/')) return [];
  for (let start = index - 1; start >= Math.max(0, index - 6); start--) {
    if (lines[start]!.trim().startsWith('/*')) return lines.slice(start, index);
  }
  return [];
}

/** Longer lines are cut in an outline: a declaration is short, and a hostile one must not grow the prompt. */
const MAX_LINE_CHARS = 200;

/** A declaration line without the body it opens (string operations, not a regex: no backtracking on a long line). */
function signature(line: string): string {
  let text = line.trimEnd();
  if (text.endsWith('{')) text = text.slice(0, -1).trimEnd();
  if (text.endsWith('=>')) text = text.slice(0, -2).trimEnd();
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}...` : text;
}

function outlineJs(content: string): string[] {
  const lines = content.split('\n');
  const out: string[] = [];
  let inExportedClass = false;
  lines.forEach((line, index) => {
    if (/^export\s|^module\.exports\b|^exports\./.test(line)) {
      out.push(...leadingComment(lines, index), signature(line));
      inExportedClass = /^export\s+(?:default\s+)?(?:abstract\s+)?class\b/.test(line) && !line.trimEnd().endsWith('}');
      return;
    }
    if (!inExportedClass) return;
    if (/^\}/.test(line)) {
      out.push('}');
      inExportedClass = false;
    } else if (line.length <= MAX_LINE_CHARS && line.trimEnd().endsWith('{') && /^ {2}(?:static\s+|async\s+|get\s+|set\s+|readonly\s+|public\s+)*(?:constructor|[A-Za-z_$][\w$]*)\s*\([^)]*\)\s*(?::[^{]*)?\{\s*$/.test(line)) {
      out.push(signature(line));
    }
  });
  return out;
}

function outlinePython(content: string): string[] {
  const lines = content.split('\n');
  const out: string[] = [];
  lines.forEach((line, index) => {
    const match = /^(\s*)(?:async\s+)?(def|class)\s+(\w+)/.exec(line);
    if (!match) return;
    const [, indent = '', , name = ''] = match;
    if (indent.length > 4 || (name.startsWith('_') && name !== '__init__')) return;
    out.push(line.trimEnd());
    const doc = lines[index + 1]?.trim();
    if (doc && /^(?:"""|''')/.test(doc)) out.push(`${indent}    ${doc.length > 120 ? `${doc.slice(0, 117)}...` : doc}`);
  });
  return out;
}

/** A test file's cases by name: what it covers, without how. */
export function testNames(path: string, content: string): string[] {
  const pattern = PYTHON.test(path) ? PY_TEST : TEST_CALL;
  return content.split('\n').flatMap((line) => {
    const match = pattern.exec(line);
    return match ? [PYTHON.test(path) ? match[1]! : match[2]!] : [];
  });
}

/**
 * A file as the interface it offers another task: a module's exported declarations (with their
 * doc comments), a Python module's public functions and classes, a test file's case names.
 * Undefined when the file is short, or of a language the outliner does not know, or has nothing
 * to outline: then it is shown whole.
 */
export function outlineFile(path: string, content: string): string | undefined {
  if (content.length <= OUTLINE_OVER_CHARS) return undefined;
  if (isTestPath(path)) {
    const names = testNames(path, content);
    return names.length === 0 ? undefined : `Test cases of ${path}:\n${names.map((name) => `- ${name}`).join('\n')}`;
  }
  const lines = JS_LIKE.test(path) ? outlineJs(content) : PYTHON.test(path) ? outlinePython(content) : [];
  const outline = lines.map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}...` : line)).join('\n');
  // An outline that saves little (or, from repeated comments, grows) is worse than the file.
  return lines.length === 0 || outline.length >= content.length / 2 ? undefined : outline;
}
