import { isRelativeProjectPath, normalizeProjectPath, testSuiteSchema, type TestSuite } from '../documents/index.js';
import { composePrompt, referenceFile } from './build-prompt.js';
import type { ContextPart } from './pack-context.js';
import { isTestPath, snapshotProjectFiles } from './project-files.js';
import { type StageContext, callContext, reportPacking } from './stage-context.js';
import { writeChange, type WrittenChange } from './write-change.js';

export const QA_TESTS_NAME = 'test_plan';

function rules(testCommand: string): string {
  return `Before the project is validated, you write its acceptance tests: a test plan that maps every user story of the PRD to at least one test, and the test files that carry it out. The tests run with the project's test command \`${testCommand}\` inside a sandbox with no network, so they must be found by that command (for node --test: files named *.test.js or placed under test/; for pytest: test_*.py), use only the standard library and the project's declared dependencies, work in fresh temporary folders, and never depend on the clock, the network or the order of tests. Test the product through its public interface (its commands or its exported functions, exactly as the design and the code name them; long modules are shown as their exports, the engineers' tests as their case names), asserting specific outputs, exit codes and error messages. Write NEW files only: the engineers' files, tests included, are not yours to change. Copy each user story verbatim into "user_story".`;
}

export interface WrittenTests extends WrittenChange {
  suite: TestSuite;
}

/** Problems that send QA's answer back: files that are not new test files, user stories left untested. */
export function testSuiteProblems(suite: TestSuite, options: { engineerFiles: ReadonlySet<string>; userStories: readonly string[] }): string[] {
  const problems: string[] = [];
  suite.files.forEach((file, index) => {
    const path = normalizeProjectPath(file.path);
    if (!isRelativeProjectPath(file.path)) problems.push(`files[${index}]: "${file.path}" is not a relative path inside the project`);
    else if (options.engineerFiles.has(path)) problems.push(`files[${index}]: "${path}" was written by the engineers; put your tests in a new file`);
    else if (!isTestPath(path)) problems.push(`files[${index}]: "${path}" is not a test file the runner finds; use a name like test/acceptance.test.js or tests/test_acceptance.py`);
    if (file.content.trim() === '') problems.push(`files[${index}]: "${path}" is empty`);
  });
  const covered = new Set(suite.plan.cases.map((c) => c.user_story.trim()));
  for (const story of options.userStories) {
    if (!covered.has(story.trim())) problems.push(`plan.cases: no test covers the user story "${story}" (copy it verbatim into user_story)`);
  }
  return problems;
}

/**
 * QA's first act: write a test plan and the acceptance tests for the PRD's user stories, in the
 * stack's runner, as new files in the workspace (path-confined like every write).
 */
export async function writeAcceptanceTests(ctx: StageContext, options: { testCommand: string; engineerFiles: readonly string[] }): Promise<WrittenTests> {
  const prd = ctx.inputs.find((input) => input.kind === 'prd')?.content as { user_stories?: unknown } | undefined;
  const userStories = Array.isArray(prd?.user_stories) ? prd.user_stories.filter((s): s is string => typeof s === 'string') : [];

  const snapshot = await snapshotProjectFiles(ctx.workspace);
  const engineerFiles = new Set(options.engineerFiles.map(normalizeProjectPath));
  // The public interfaces and the test layout: modules as their exports, tests as their cases.
  const context: ContextPart[] = [];
  for (const path of [...engineerFiles].sort()) {
    const content = snapshot.get(path);
    if (content !== undefined) context.push(referenceFile(path, content, 'Project file'));
  }
  const label = `acceptance tests of stage "${ctx.stage.id}"`;
  const prompt = composePrompt({
    idea: ctx.idea,
    role: ctx.role,
    output: { name: QA_TESTS_NAME, kind: 'test_report', title: 'Test Plan and acceptance tests' },
    inputs: ctx.inputs.filter((input) => input.kind !== 'source_code'),
    rules: rules(options.testCommand),
    context,
    task: `# Your task: the test plan and acceptance tests\n\nThe project's test command is \`${options.testCommand}\`. Write the test plan and the new test files ("${QA_TESTS_NAME}").`,
  });
  await reportPacking(ctx, prompt.packing, null, label);

  const result = await ctx.llm.generateStructured({
    context: callContext(ctx, ctx.role, label),
    system: prompt.system,
    messages: prompt.messages,
    schema: testSuiteSchema,
    schemaName: QA_TESTS_NAME,
    check: (suite) => testSuiteProblems(suite, { engineerFiles, userStories }),
    temperature: ctx.role.temperature,
  });
  const written = await writeChange(ctx, { files: result.value.files }, { taskId: null, label: `acceptance tests of stage "${ctx.stage.id}"` });
  return { ...written, suite: result.value };
}
