import type { StaticFinding } from '../../documents/index.js';
import { redactSecrets } from '../../observe/redact.js';
import { isTestPath, RULES, type Language } from './static-scan-rules.js';

const LANGUAGE: Record<string, Language> = { js: 'js', mjs: 'js', cjs: 'js', ts: 'js', mts: 'js', cts: 'js', jsx: 'js', tsx: 'js', py: 'py', sh: 'sh', bash: 'sh' };
const TEXT_FILE = /\.(m?[jt]sx?|c[jt]s|py|sh|bash|json|ya?ml|toml|cfg|ini|env|txt|md)$|(^|\/)(Dockerfile|Makefile|\.env[\w.-]*)$/;
const SKIP = /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock)$/;
const MAX_BYTES = 512 * 1024;
/** A line that is only a comment, in any of the scanned languages. */
const COMMENT = /^\s*(?:\/\/|#|\/?\*)/;

export function isScannable(path: string, bytes: number): boolean {
  return TEXT_FILE.test(path) && !SKIP.test(path) && bytes <= MAX_BYTES;
}

/** The line as the report shows it: key shapes redacted and quoted credential-like values masked. */
function excerpt(line: string): string {
  return redactSecrets(line.trim())
    .replace(/((?:password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)\b["']?\s*[:=]\s*)(["'])[^"'\s]{8,}\2/gi, '$1$2…$2')
    .slice(0, 160);
}

/** Scans one file's text; the excerpt is masked so a found key does not spread into the report. */
export function scanText(path: string, text: string): StaticFinding[] {
  const language = LANGUAGE[path.split('.').pop() ?? ''];
  const test = isTestPath(path);
  const rules = RULES.filter(
    (rule) =>
      (rule.languages === undefined || (language !== undefined && rule.languages.includes(language))) &&
      (rule.fileGuard === undefined || rule.fileGuard.test(text)) &&
      (rule.testsOnly !== true || test),
  );
  const findings: StaticFinding[] = [];
  text.split('\n').forEach((line, index) => {
    const comment = COMMENT.test(line);
    // One finding per family and line: the high variant wins over the medium one listed after it.
    const seen = new Set<string>();
    for (const rule of rules) {
      const family = rule.family ?? rule.id;
      if (seen.has(family) || (comment && rule.skipComments === true) || !rule.pattern.test(line)) continue;
      seen.add(family);
      findings.push({ file: path, line: index + 1, rule: rule.id, severity: rule.severity, message: rule.message, excerpt: excerpt(line) });
    }
  });
  return findings;
}

/** Scans the project's files; returns how many were read and what was found, highest severity first. */
export async function scanFiles(paths: readonly string[], read: (path: string) => Promise<string | undefined>): Promise<{ files_scanned: number; findings: StaticFinding[] }> {
  let scanned = 0;
  const findings: StaticFinding[] = [];
  for (const path of paths) {
    const text = await read(path);
    if (text === undefined || !isScannable(path, Buffer.byteLength(text))) continue;
    scanned++;
    findings.push(...scanText(path, text));
  }
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'high' ? -1 : 1));
  return { files_scanned: scanned, findings: findings.slice(0, 50) };
}
