import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SectionedDocument } from '../../src/documents/index.js';
import type { FakeReply, FakeResponder } from '../support/fake-llm-types.js';
import { runCli, type CliResult } from '../support/run-cli.js';
import { todoCliDocuments, todoCliResponder } from '../support/scenarios/todo-cli.js';

/** The seed's security example: prompt file and stages file. */
export const SECURITY_EXAMPLES = fileURLToPath(new URL('../../examples/security/', import.meta.url));
/** The seed's own role and workflow files, which must round-trip unchanged. */
export const SEED_FIXTURES = fileURLToPath(new URL('../../src/config/fixtures/', import.meta.url));

/** Copies the seed's example files to `<cwd>/examples/security/`, so commands name them as the docs do. */
export function copySecurityExamples(cwd: string): void {
  cpSync(SECURITY_EXAMPLES, join(cwd, 'examples', 'security'), { recursive: true });
}

const SECURITY_ASSESSMENT: SectionedDocument = {
  title: 'Security assessment of todo-cli',
  sections: [
    {
      heading: 'Executive Summary',
      content: 'A local, single-user tool with no network surface. The main risks map to OWASP A01 (path handling of TODO_FILE) and A08 (integrity of the JSON file).',
    },
    {
      heading: 'Threat Model',
      content: 'STRIDE over the entry points (arguments, TODO_FILE, the data file). There is no authentication: the operating system account is the trust boundary.',
    },
    {
      heading: 'Detailed Findings',
      content: '1. Tampering with todos.json: create it with mode 0600. 2. No encryption at rest is needed for todos; never store secrets in them.',
    },
  ],
};

/** The seed stages file names its documents by task; the todo scenario's answers fit them by kind. */
const SECURITY_WORKFLOW_ANSWERS: Record<string, unknown> = {
  requirements_doc: todoCliDocuments.prd,
  design_doc: todoCliDocuments.system_design,
  security_assessment: SECURITY_ASSESSMENT,
  implementation_plan: todoCliDocuments.task_plan,
  review_comments: todoCliDocuments.review,
};

/** The todo scenario's answers for the stages of examples/security/security_workflow_stages.yml. */
export function securityWorkflowResponder(): FakeResponder {
  const text = (value: unknown) => (): FakeReply => ({ kind: 'text', content: JSON.stringify(value) });
  return todoCliResponder(Object.fromEntries(Object.entries(SECURITY_WORKFLOW_ANSWERS).map(([name, answer]) => [name, text(answer)])));
}

export function userConfigDir(env: Record<string, string>): string {
  return join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? '', '.config'), 'atelier');
}

/** Runs `atelier ARGS` in `cwd`, failing the test with everything printed when the exit code is not `expected`. */
export async function atelier(args: string[], cwd: string, env: Record<string, string>, expected = 0): Promise<CliResult> {
  const result = await runCli(args, { cwd, env });
  if (result.code !== expected) {
    throw new Error(`atelier ${args.join(' ')} exited ${result.code}, expected ${expected}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result;
}

/** Every file under the folders, with its content and modification time, to prove that nothing changed. */
export function snapshot(...dirs: string[]): Record<string, { content: string; mtimeMs: number }> {
  const files: Record<string, { content: string; mtimeMs: number }> = {};
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[path] = { content: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs };
    }
  };
  dirs.forEach(walk);
  return files;
}
