import type { StaticFinding } from '../../documents/index.js';

export interface Rule {
  id: string;
  /** Rules of one family report once per line, the first (highest) that matches; the id by default. */
  family?: string;
  severity: StaticFinding['severity'];
  /** Which files the rule reads, by extension; every scanned file when absent. */
  languages?: readonly Language[];
  /** Only files whose text matches this (e.g. that import child_process) are checked. */
  fileGuard?: RegExp;
  /** Only test files (see isTestPath): what is a smell in a test may be the job of the program itself. */
  testsOnly?: boolean;
  /** Comment lines are not read: a comment warning against `~/.ssh` is no read of it. */
  skipComments?: boolean;
  pattern: RegExp;
  message: string;
}

export type Language = 'js' | 'py' | 'sh';

const JS = ['js'] as const;
const PY = ['py'] as const;
const SH = ['sh'] as const;
const CODE = ['js', 'py'] as const;

/** Test files by the usual names: `test/`, `tests/`, `__tests__/`, `*.test.js`, `*.spec.ts`, `test_*.py`, `*_test.py`, `conftest.py`. */
export function isTestPath(file: string): boolean {
  return /(?:^|\/)(?:tests?|__tests__|specs?)\/|\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/.test(file);
}

/** A path outside the project as a string literal: absolute (but /tmp and /dev/null), `../`, `~/`. */
const OUTSIDE = String.raw`[rbfu]*["'\`](?:\/(?!tmp\/|dev\/(?:null|stdout|stderr)\b)|\.\.[\/\\]|~[\/\\])`;
/** The user's home in code: `os.homedir()`, `process.env.HOME`, `os.path.expanduser(...)`, `Path.home()`, `os.environ["HOME"]`. */
const HOME = String.raw`(?:(?:os\.)?homedir\s*\(\s*\)|process\.env\.HOME\b|os\.path\.expanduser\s*\(|Path\.home\s*\(\s*\)|os\.environ\s*\[\s*["']HOME["']\s*\]|os\.getenv\s*\(\s*["']HOME["'])`;
/** A path expression that leaves the project: a literal as above, the home, or `path.join`/`resolve` starting from one. */
const ELSEWHERE = String.raw`(?:${OUTSIDE}|${HOME}|path\.(?:join|resolve)\s*\(\s*(?:${OUTSIDE}|${HOME}))`;
const JS_WRITE_FIRST = String.raw`\b(?:writeFile|appendFile|createWriteStream|mkdir|rmdir|rm|unlink|truncate|chmod|chown|mkdtemp)(?:Sync)?\s*\(\s*${ELSEWHERE}`;
const JS_WRITE_SECOND = String.raw`\b(?:copyFile|rename|cp|symlink|link)(?:Sync)?\s*\([^,]+,\s*${ELSEWHERE}`;
const PY_OPEN_WRITE = String.raw`\bopen\s*\(\s*(?:${OUTSIDE}[^"']*["']|${HOME}[^)]*\))[^)]*?["'][rbt]*[wax+][rbt+]*["']`;
const PY_PATH_WRITE = String.raw`(?:Path\s*\(\s*${OUTSIDE}|${HOME})[^\n]*\.(?:write_text|write_bytes|mkdir|touch|unlink|rmdir|rename|symlink_to|open\s*\(\s*["'][wax])\s*\(`;
const PY_OS_WRITE = String.raw`\b(?:shutil\.(?:rmtree|move|copy\w*)|os\.(?:remove|unlink|rmdir|removedirs|makedirs|mkdir|rename|replace|symlink|chmod|chown))\s*\(\s*(?:[^,()]*,\s*)?${ELSEWHERE}`;

/**
 * Secrets by the shape of real keys; calls that turn data into code or shell commands; and what
 * hostile or careless code does to the machine it runs on: dumping the environment, reading the
 * user's or the system's credentials, writing outside the project, and, in tests, raw sockets and
 * child processes. High findings fail the report (and go to the fix loop); medium ones are
 * warnings a reviewer reads. Rules of one family are listed highest first.
 */
export const RULES: readonly Rule[] = [
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
  {
    id: 'environment-dump',
    severity: 'high',
    languages: JS,
    skipComments: true,
    pattern: /\b(?:JSON\.stringify|console\.\w+|util\.inspect|inspect|Object\.(?:entries|keys|values))\s*\(\s*process\.env\b(?!\s*[.[])|\b(?:writeFile|appendFile)(?:Sync)?\s*\([^,]+,\s*(?:JSON\.stringify\s*\(\s*)?process\.env\b(?!\s*[.[])|\.(?:write|send|end|json)\s*\(\s*(?:JSON\.stringify\s*\(\s*)?process\.env\b(?!\s*[.[])|\bfor\s*\(\s*(?:const|let|var)\s+\w+\s+in\s+process\.env\b/,
    message: 'the whole environment (process.env) is printed, stored or sent: it holds keys and tokens wherever the code runs; read only the variables the code needs, by name',
  },
  {
    id: 'environment-dump',
    severity: 'high',
    languages: PY,
    skipComments: true,
    pattern: /\b(?:print|pprint(?:\.pprint)?|json\.dumps?|repr|str|logging\.\w+|log(?:ger)?\.\w+|\w+\.write)\s*\(\s*(?:dict\s*\(\s*)?os\.environ\b(?!\s*[.[(])/,
    message: 'the whole environment (os.environ) is printed, stored or sent: it holds keys and tokens wherever the code runs; read only the variables the code needs, by name',
  },
  { id: 'environment-dump', severity: 'medium', languages: PY, skipComments: true, pattern: /\bos\.environ\.(?:items|keys|values)\s*\(\s*\)/, message: 'the code walks the whole environment: make sure no value leaves the process; read only the variables it needs, by name' },
  { id: 'environment-dump', severity: 'medium', languages: SH, skipComments: true, pattern: /^\s*(?:printenv|env|export\s+-p|set)\s*(?:$|[|>;&#])/, message: 'the script prints the whole environment, keys and tokens included: print only the variables it needs' },
  {
    id: 'home-secrets',
    family: 'home-secrets',
    severity: 'high',
    languages: CODE,
    testsOnly: true,
    skipComments: true,
    pattern: /(?:^|[^\w.-])(?:\.ssh|\.aws|\.netrc|\.git-credentials|\.pypirc|\.gnupg|\.kube|\.docker|\.npmrc|\.azure|\.config\/(?:gh|gcloud))(?=[/\\"'`,)\s]|$)|\bid_(?:rsa|dsa|ecdsa|ed25519)\b/,
    message: "a test reaches into the user's home for credentials (~/.ssh, ~/.aws, .netrc…): a test needs none; use a fixture file inside the project",
  },
  {
    id: 'home-secrets',
    family: 'home-secrets',
    severity: 'medium',
    skipComments: true,
    languages: ['js', 'py', 'sh'],
    pattern: /(?:^|[^\w.-])(?:\.ssh|\.aws|\.netrc|\.git-credentials|\.pypirc|\.gnupg|\.kube|\.docker|\.npmrc|\.azure|\.config\/(?:gh|gcloud))(?=[/\\"'`,)\s]|$)|\bid_(?:rsa|dsa|ecdsa|ed25519)\b/,
    message: "the code names a credential file in the user's home (~/.ssh, ~/.aws, .netrc…): make sure reading it is the program's job, and that nothing it reads is printed or sent",
  },
  {
    id: 'system-secrets',
    family: 'etc',
    severity: 'high',
    skipComments: true,
    languages: ['js', 'py', 'sh'],
    pattern: /\/etc\/(?:shadow|gshadow|sudoers|master\.passwd|ssh\/|ssl\/private)/,
    message: "the code names the system's password or key files (/etc/shadow, /etc/sudoers, /etc/ssh…): no program or test of this project should read them",
  },
  { id: 'reads-etc', family: 'etc', severity: 'medium', languages: CODE, skipComments: true, pattern: /["'`]\/etc\/[\w.-]/, message: "the code reads the machine's configuration in /etc: make sure it is needed, and that a test does not depend on the machine it runs on" },
  {
    id: 'write-outside-project',
    family: 'write-outside-project',
    severity: 'high',
    languages: JS,
    testsOnly: true,
    skipComments: true,
    pattern: new RegExp(`${JS_WRITE_FIRST}|${JS_WRITE_SECOND}`),
    message: "a test writes or deletes outside the project (an absolute path, ../, the user's home): write into a temporary folder (os.tmpdir(), mkdtemp) instead",
  },
  {
    id: 'write-outside-project',
    family: 'write-outside-project',
    severity: 'high',
    languages: PY,
    testsOnly: true,
    skipComments: true,
    pattern: new RegExp(`${PY_OPEN_WRITE}|${PY_PATH_WRITE}|${PY_OS_WRITE}`),
    message: "a test writes or deletes outside the project (an absolute path, ../, the user's home): write into pytest's tmp_path or tempfile.mkdtemp() instead",
  },
  {
    id: 'write-outside-project',
    family: 'write-outside-project',
    severity: 'medium',
    languages: JS,
    skipComments: true,
    pattern: new RegExp(`${JS_WRITE_FIRST}|${JS_WRITE_SECOND}`),
    message: "the code writes or deletes outside the project (an absolute path, ../, the user's home): make sure that is the program's job, and let the user choose the place",
  },
  {
    id: 'write-outside-project',
    family: 'write-outside-project',
    severity: 'medium',
    languages: PY,
    skipComments: true,
    pattern: new RegExp(`${PY_OPEN_WRITE}|${PY_PATH_WRITE}|${PY_OS_WRITE}`),
    message: "the code writes or deletes outside the project (an absolute path, ../, the user's home): make sure that is the program's job, and let the user choose the place",
  },
  {
    id: 'raw-socket',
    severity: 'medium',
    languages: JS,
    testsOnly: true,
    skipComments: true,
    pattern: /\brequire\s*\(\s*["'](?:node:)?(?:net|dgram|tls)["']\s*\)|\bfrom\s+["'](?:node:)?(?:net|dgram|tls)["']|\b(?:net|dgram|tls)\.(?:connect|createConnection|createSocket)\s*\(|\bnew\s+(?:net\.)?Socket\s*\(/,
    message: 'a test opens a raw network socket (net, dgram, tls): tests run without network, and must not reach a real service such as a database on 127.0.0.1:5432; use an in-process server or a test double',
  },
  {
    id: 'raw-socket',
    severity: 'medium',
    languages: PY,
    testsOnly: true,
    skipComments: true,
    pattern: /^\s*(?:import\s+socket\b|from\s+socket\s+import\b)|\bsocket\.(?:socket|create_connection|socketpair)\s*\(/,
    message: 'a test opens a raw network socket: tests run without network, and must not reach a real service such as a database on 127.0.0.1:5432; use an in-process server or a test double',
  },
  {
    id: 'child-process',
    severity: 'medium',
    languages: JS,
    testsOnly: true,
    fileGuard: /child_process/,
    skipComments: true,
    pattern: /\b(?:execSync|execFileSync|spawnSync|execFile|spawn|fork)\s*\(|(?<![.\w$])exec\s*\(/,
    message: "a test starts another program (child_process): it runs with the test's rights, outside the test runner's view; call the code directly, or run only the project's own entry point with an argument list",
  },
  {
    id: 'child-process',
    severity: 'medium',
    languages: PY,
    testsOnly: true,
    skipComments: true,
    pattern: /\bsubprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*\(|^\s*from\s+subprocess\s+import\b|\bos\.(?:popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)\s*\(|\bpty\.spawn\s*\(/,
    message: "a test starts another program (subprocess, os.popen): it runs with the test's rights, outside pytest's view; call the code directly, or run only the project's own entry point with an argument list",
  },
];
