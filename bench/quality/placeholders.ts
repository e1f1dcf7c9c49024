/**
 * Placeholder code, the mark of an unfinished program in ChatDev's completeness metric: a TODO
 * or FIXME left in a comment, a comment standing in for code ("implement me", "// ..."), a
 * function that throws "not implemented", and a Python function whose whole body is `pass`,
 * `...` or `raise NotImplementedError` (abstract methods, overloads and protocols excepted).
 * ChatDev itself flags any Python line that is `pass`; a `pass` in an empty `class E(Exception)`
 * or an `except` is finished code, so only whole function bodies count here.
 */
export type PlaceholderRule = 'todo-comment' | 'unimplemented-comment' | 'elided-code' | 'not-implemented-error' | 'empty-function-body';

export interface Placeholder {
  file: string;
  line: number;
  rule: PlaceholderRule;
  excerpt: string;
}

type Language = 'js' | 'py' | 'sh' | 'html' | 'css';

const LANGUAGE: Record<string, Language> = {
  js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js',
  py: 'py', sh: 'sh', bash: 'sh', html: 'html', htm: 'html', css: 'css', scss: 'css',
};

function languageOf(path: string): Language | undefined {
  return LANGUAGE[path.split('.').pop()?.toLowerCase() ?? ''];
}

/** Files the scan reads: program code and markup, not data, lockfiles or documentation. */
export function isCodeFile(path: string): boolean {
  return languageOf(path) !== undefined && !path.endsWith('.d.ts') && !path.endsWith('.pyi');
}

const TODO = /^(?:[-*•]\s*)?(?:TODO|FIXME)\b(?!_)|\b(?:TODO|FIXME)\s*[:(]|^XXX\s*:/;
const UNIMPLEMENTED = /\b(?:implement (?:me|this|later)|not (?:yet )?implemented|(?:add|insert|put|write) (?:your |the )?(?:own )?(?:code|logic|implementation) here|your (?:code|logic|implementation) (?:goes )?here|placeholder (?:implementation|code|logic)|stub(?:bed)? (?:implementation|out))\b/i;
const ELIDED = /^(?:\.{3,}|…)$|^(?:\.{3}|…)\s*(?:rest|remaining|more|other|existing|additional|same)\b|^(?:the )?(?:rest|remainder) of (?:the )?(?:code|implementation|logic|file|methods|functions)\b/i;
const THROW_NOT_IMPLEMENTED = /\bthrow\s+new\s+\w*Error\s*\(\s*["'`]\s*(?:not (?:yet )?implemented|todo\b|implement me|unimplemented)/i;
/** A block whose only content is an ellipsis: `{ ... }` (a spread always names what it spreads). */
const ELLIPSIS_BLOCK = /\{\s*(?:\.\.\.|…)\s*\}/;
const STRING_LITERAL = /(["'`])(?:\\.|(?!\1)[^\\])*\1/g;

/** The text of the line's comment, if it has one; string literals are blanked first so `"a // b"` is no comment. */
function commentOf(line: string, language: Language, lineNumber: number): string | undefined {
  const code = language === 'html' ? line : line.replace(STRING_LITERAL, '""');
  const trimmed = code.trim();
  if (language === 'html') return /<!--(.*?)(?:-->|$)/.exec(code)?.[1]?.trim();
  if (language === 'js' || language === 'css') {
    if (language === 'js') {
      const slashes = /(?:^|[^:\\])\/\/(.*)$/.exec(code);
      if (slashes) return slashes[1]!.trim();
    }
    const block = /\/\*+(.*?)(?:\*\/|$)/.exec(code);
    if (block) return block[1]!.trim();
    if (/^\*(?!\/)/.test(trimmed)) return trimmed.replace(/^\*+/, '').trim();
    return undefined;
  }
  if (language === 'sh' && lineNumber === 1 && trimmed.startsWith('#!')) return undefined;
  const hash = /#(.*)$/.exec(code);
  return hash ? hash[1]!.trim() : undefined;
}

function commentRule(comment: string): PlaceholderRule | undefined {
  if (TODO.test(comment)) return 'todo-comment';
  if (UNIMPLEMENTED.test(comment)) return 'unimplemented-comment';
  if (ELIDED.test(comment)) return 'elided-code';
  return undefined;
}

/** Every placeholder in one file; a file that is not code has none. */
export function findPlaceholders(path: string, text: string): Placeholder[] {
  const language = languageOf(path);
  if (language === undefined || !isCodeFile(path)) return [];
  const lines = text.split(/\r?\n/);
  const found: Placeholder[] = [];
  const add = (index: number, rule: PlaceholderRule) => found.push({ file: path, line: index + 1, rule, excerpt: lines[index]!.trim().slice(0, 120) });
  lines.forEach((line, index) => {
    const comment = commentOf(line, language, index + 1);
    const byComment = comment === undefined ? undefined : commentRule(comment);
    if (byComment) return add(index, byComment);
    if (language !== 'js') return;
    if (THROW_NOT_IMPLEMENTED.test(line)) return add(index, 'not-implemented-error');
    const code = line.replace(STRING_LITERAL, '""');
    if (ELLIPSIS_BLOCK.test(code) || /^\s*(?:\.\.\.|…)\s*;?\s*$/.test(code)) add(index, 'elided-code');
  });
  if (language === 'py') for (const index of emptyPythonFunctions(lines)) if (!found.some((p) => p.line === index + 1)) add(index, 'empty-function-body');
  return found.sort((a, b) => a.line - b.line);
}

const PLACEHOLDER_STATEMENT = /^(?:pass|\.\.\.|raise\s+NotImplementedError\b.*)$/;
const EXEMPT_DECORATOR = /^@(?:abc\.)?(?:abstractmethod|abstractproperty|abstractclassmethod|abstractstaticmethod)\b|^@(?:typing\.)?overload\b/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function withoutComment(line: string): string {
  return line.replace(STRING_LITERAL, '""').replace(/#.*$/, '').trimEnd();
}

/** Lines (0-based) of Python `def`s whose whole body is a placeholder statement. */
function emptyPythonFunctions(lines: readonly string[]): number[] {
  const found: number[] = [];
  lines.forEach((line, index) => {
    if (!/^\s*(?:async\s+)?def\s+\w+/.test(line) || isExempt(lines, index)) return;
    const header = headerEnd(lines, index);
    if (header === undefined) return;
    const inline = /:\s*(\S.*)$/.exec(withoutComment(lines[header]!).replace(/^.*?\)\s*(?:->\s*[^:]+)?(?=:)/, ''));
    const body = inline ? [inline[1]!.trim()] : bodyStatements(lines, header, indentOf(line));
    if (body.length === 1 && PLACEHOLDER_STATEMENT.test(body[0]!)) found.push(index);
  });
  return found;
}

/** The line that ends the `def` header (its parentheses closed and a colon), or undefined. */
function headerEnd(lines: readonly string[], start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < lines.length && i < start + 50; i++) {
    const code = withoutComment(lines[i]!);
    for (const char of code) depth += char === '(' || char === '[' ? 1 : char === ')' || char === ']' ? -1 : 0;
    if (depth <= 0 && /\)\s*(?:->\s*[^:]+)?:/.test(code)) return i;
  }
  return undefined;
}

/** The statements of the body that starts after `header`, its docstring and comments left out. */
function bodyStatements(lines: readonly string[], header: number, defIndent: number): string[] {
  const statements: string[] = [];
  let docstring: string | undefined;
  for (let i = header + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    if (docstring === undefined && indentOf(raw) <= defIndent) break;
    const text = raw.trim();
    if (docstring !== undefined) {
      if (text.includes(docstring)) docstring = undefined;
      continue;
    }
    const opening = statements.length === 0 ? /^[rRuU]?("""|''')/.exec(text) : null;
    if (opening) {
      const rest = text.slice(opening[0].length);
      if (!rest.includes(opening[1]!)) docstring = opening[1];
      continue;
    }
    const code = withoutComment(text);
    if (code !== '') statements.push(code);
    if (statements.length > 1) break;
  }
  return statements;
}

/** A decorated abstract method or overload, or a method of a Protocol: an empty body is its point. */
function isExempt(lines: readonly string[], defLine: number): boolean {
  const indent = indentOf(lines[defLine]!);
  for (let i = defLine - 1; i >= 0 && lines[i]!.trim().startsWith('@'); i--) {
    if (EXEMPT_DECORATOR.test(lines[i]!.trim())) return true;
  }
  for (let i = defLine - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '' || indentOf(line) >= indent) continue;
    return /^\s*class\s+\w+\s*\(.*\bProtocol\b/.test(line);
  }
  return false;
}

/** ChatDev's completeness for one project: 1 when no code file holds a placeholder, else 0. */
export function scanForPlaceholders(files: readonly { path: string; text: string }[]): { codeFiles: number; placeholders: Placeholder[] } {
  const code = files.filter((file) => isCodeFile(file.path));
  return { codeFiles: code.length, placeholders: code.flatMap((file) => findPlaceholders(file.path, file.text)) };
}
