import type { StaticFinding } from '../../documents/index.js';
import { redactSecrets } from '../../observe/redact.js';

interface Rule {
  id: string;
  /** Rules of one family report once per line, the first (highest) that matches; the id by default. */
  family?: string;
  severity: StaticFinding['severity'];
  /** Which files the rule reads, by extension; every scanned file when absent. */
  languages?: readonly Language[];
  /** Only files whose text matches this (e.g. that import child_process) are checked. */
  fileGuard?: RegExp;
  pattern: RegExp;
  message: string;
}

type Language = 'js' | 'py' | 'sh';

const JS = ['js'] as const;
const PY = ['py'] as const;

/**
 * Secrets by the shape of real keys, and calls that turn data into code or shell commands. High
 * findings fail the report (and go to the fix loop); medium ones are warnings a reviewer reads.
 */
const RULES: readonly Rule[] = [
  { id: 'private-key', family: 'secret', severity: 'high', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY-----/, message: 'a private key is committed: remove it and load keys from a file or the environment at run time' },
  {
    id: 'api-key',
    family: 'secret',
    severity: 'high',
    pattern: /\bsk-(?:ant-|proj-|or-v1-)?[A-Za-z0-9_-]{20,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_-]{35}\b|\b[rs]k_live_[0-9A-Za-z]{20,}/,
    message: 'an API key or token is written in the code: read it from an environment variable instead',
  },
  {
    id: 'hardcoded-credential',
    family: 'secret',
    severity: 'medium',
    pattern: /\b(?:password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)\b["']?\s*[:=]\s*["'][^"'\s]{8,}["']/i,
    message: 'a credential-like value is hard-coded: make sure it is a test fixture, not a real secret',
  },
  {
    id: 'shell-command-concatenation',
    severity: 'high',
    languages: JS,
    fileGuard: /child_process/,
    pattern: /\bexec(?:Sync)?\s*\(\s*(?:`[^`]*\$\{|["'][^"']*["']\s*\+|[\w$.]+\s*\+)/,
    message: 'exec() runs a shell on a string built from data, so a quote or ; in it runs other commands: use execFile or spawn with an argument array',
  },
  { id: 'shell-true', severity: 'medium', languages: JS, fileGuard: /child_process/, pattern: /\bshell\s*:\s*true\b/, message: 'shell: true runs the arguments through a shell: pass an argument array without a shell' },
  { id: 'eval', severity: 'medium', languages: JS, pattern: /(?<![\w.$])eval\s*\(|\bnew Function\s*\(/, message: 'eval / new Function runs a string as code: parse the data instead' },
  { id: 'os-system', severity: 'high', languages: PY, pattern: /\bos\.system\s*\(\s*(?:f["']|[^"'\s)][^)]*|["'][^"']*["']\s*(?:\+|%|\.format))/, message: 'os.system runs a shell on a string built from data: use subprocess.run with an argument list' },
  { id: 'os-system', severity: 'medium', languages: PY, pattern: /\bos\.system\s*\(\s*["'][^"']*["']\s*\)/, message: 'os.system runs a shell: prefer subprocess.run with an argument list' },
  { id: 'subprocess-shell', severity: 'high', languages: PY, pattern: /shell\s*=\s*True.*(?:f["']|\+|%|\.format\()|(?:f["']|\+|%|\.format\().*shell\s*=\s*True/, message: 'a shell command is built from data with shell=True: pass an argument list without a shell' },
  { id: 'subprocess-shell', severity: 'medium', languages: PY, pattern: /shell\s*=\s*True/, message: 'shell=True runs the command through a shell: pass an argument list instead' },
  { id: 'eval', severity: 'medium', languages: PY, pattern: /(?<![\w.])(?:eval|exec)\s*\(/, message: 'eval / exec runs a string as code: parse the data instead' },
  { id: 'pickle-loads', severity: 'medium', languages: PY, pattern: /\bpickle\.loads?\s*\(/, message: 'unpickling runs code from the data: use JSON for anything not written by this program' },
  {
    id: 'rm-rf-variable',
    severity: 'high',
    pattern: /\brm\s+-(?:rf|fr|r\s+-f|f\s+-r)\s+["']?(?:\$(?!\{\w+:\?)\{?\w|\$\{(?!\w+:\?)|\{\w)/,
    message: 'rm -rf of a variable deletes whatever the variable holds, everything when it is empty: check the path, or use a guard such as ${DIR:?}',
  },
];

const LANGUAGE: Record<string, Language> = { js: 'js', mjs: 'js', cjs: 'js', ts: 'js', mts: 'js', cts: 'js', jsx: 'js', tsx: 'js', py: 'py', sh: 'sh', bash: 'sh' };
const TEXT_FILE = /\.(m?[jt]sx?|c[jt]s|py|sh|bash|json|ya?ml|toml|cfg|ini|env|txt|md)$|(^|\/)(Dockerfile|Makefile|\.env[\w.-]*)$/;
const SKIP = /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock)$/;
const MAX_BYTES = 512 * 1024;

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
  const rules = RULES.filter((rule) => (rule.languages === undefined || (language !== undefined && rule.languages.includes(language))) && (rule.fileGuard === undefined || rule.fileGuard.test(text)));
  const findings: StaticFinding[] = [];
  text.split('\n').forEach((line, index) => {
    // One finding per family and line: the high variant wins over the medium one listed after it.
    const seen = new Set<string>();
    for (const rule of rules) {
      const family = rule.family ?? rule.id;
      if (seen.has(family) || !rule.pattern.test(line)) continue;
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
