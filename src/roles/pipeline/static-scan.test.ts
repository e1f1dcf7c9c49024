import { describe, expect, it } from 'vitest';
import { isScannable, scanFiles, scanText } from './static-scan.js';

const rules = (path: string, text: string) => scanText(path, text).map((f) => `${f.line}:${f.rule}:${f.severity}`);

describe('scanText', () => {
  it('finds keys by their shape and masks them in the excerpt', () => {
    const key = `sk-proj-${'a1B2'.repeat(8)}`;
    const findings = scanText('src/config.js', `const fine = 1;\nconst client = new OpenAI({ apiKey: '${key}' });\n`);
    expect(findings.map((f) => [f.line, f.rule, f.severity])).toEqual([[2, 'api-key', 'high']]);
    expect(findings[0]!.excerpt).not.toContain(key);
    expect(rules('id_rsa.txt', '-----BEGIN OPENSSH PRIVATE KEY-----')).toEqual(['1:private-key:high']);
    expect(rules('deploy.sh', 'export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP')).toEqual(['1:api-key:high']);
  });

  it('warns about hard-coded credentials without printing them', () => {
    const [finding] = scanText('src/db.py', 'password = "correct-horse-battery"');
    expect(finding).toMatchObject({ rule: 'hardcoded-credential', severity: 'medium', excerpt: 'password = "…"' });
  });

  it('flags shell commands built from data in JavaScript, but not RegExp.exec or argument arrays', () => {
    const cp = "import { exec, execFile } from 'node:child_process';\n";
    expect(rules('src/run.js', `${cp}exec('rm ' + name);\nexec(\`ls \${dir}\`);\nexecFile('ls', [dir]);`)).toEqual(['2:shell-command-concatenation:high', '3:shell-command-concatenation:high']);
    expect(rules('src/parse.js', "const m = /(\\d+)/.exec(prefix + text);")).toEqual([]);
    expect(rules('src/run.js', `${cp}spawn('ls', args, { shell: true });`)).toEqual(['2:shell-true:medium']);
    expect(rules('src/calc.js', 'const value = eval(input);\nconst f = new Function("a", body);')).toEqual(['1:eval:medium', '2:eval:medium']);
  });

  it('flags Python shell calls built from data above plain ones, one finding per line', () => {
    expect(rules('app.py', 'os.system(f"rm {path}")\nos.system("clear")\nsubprocess.run(cmd + arg, shell=True)\nsubprocess.run("ls", shell=True)')).toEqual([
      '1:os-system:high',
      '2:os-system:medium',
      '3:subprocess-shell:high',
      '4:subprocess-shell:medium',
    ]);
    expect(rules('app.py', 'data = pickle.loads(blob)\nresult = eval(expr)\nre.compile(x).match(y)')).toEqual(['1:pickle-loads:medium', '2:eval:medium']);
  });

  it('flags rm -rf of a variable unless it is guarded', () => {
    expect(rules('clean.sh', 'rm -rf $BUILD_DIR/\nrm -rf "${OUT}"\nrm -rf "${OUT:?}/cache"\nrm -rf ./dist')).toEqual(['1:rm-rf-variable:high', '2:rm-rf-variable:high']);
    expect(rules('src/clean.js', 'run(`rm -rf ${target}`);')).toEqual(['1:rm-rf-variable:high']);
  });
});

describe('scanFiles', () => {
  it('reads text files only, skips lock files, and lists high findings first', async () => {
    const files: Record<string, string> = {
      'a.py': 'result = eval(x)',
      'b.js': "import 'node:child_process';\nexec('x' + y);",
      'package-lock.json': `{"key": "sk-${'x'.repeat(30)}"}`,
      'logo.png': 'binary',
    };
    const scan = await scanFiles(Object.keys(files), async (path) => files[path]);
    expect(scan.files_scanned).toBe(2);
    expect(scan.findings.map((f) => `${f.file}:${f.rule}`)).toEqual(['b.js:shell-command-concatenation', 'a.py:eval']);
    expect(isScannable('big.js', 10 * 1024 * 1024)).toBe(false);
  });
});
