import type { TestReport } from '../documents/index.js';
import { buildTestReport, judgePipeline } from '../roles/pipeline/build-report.js';
import { startQa, validateProject } from '../roles/qa-role.js';
import { writeAcceptanceTests } from '../roles/qa-tests.js';
import type { StageContext } from '../roles/stage-context.js';
import { roleAuthor } from '../workspace/git-author.js';
import { runFixLoop } from './fix-loop.js';
import type { RunPlan } from './run-plan.js';
import type { RunServices } from './run-services.js';
import { DEFAULT_MAX_FIX_ROUNDS, fixerFor } from './support-roles.js';

/**
 * QA's stage: write the acceptance tests (committed as QA), validate the project in the sandbox,
 * send failures through the fix loop, and report what really happened, computed from exit codes.
 */
export async function runQaStage(ctx: StageContext, services: RunServices, plan: RunPlan): Promise<TestReport> {
  const session = await startQa(ctx);
  const tests = await writeAcceptanceTests(ctx, { testCommand: session.testCommand, engineerFiles: session.engineerFiles });
  const paths = tests.written.map((file) => file.path);
  const author = roleAuthor(ctx.role.id, ctx.role.displayName);
  const stories = new Set(tests.suite.plan.cases.map((c) => c.user_story)).size;
  const message = `QA: acceptance tests for ${stories} user stor${stories === 1 ? 'y' : 'ies'}\n\n${tests.suite.plan.approach}`;
  const sha = await services.workspace.commit({ message, author, paths });
  if (sha) await services.events.emit('git.commit', { sha, message: message.split('\n')[0] ?? message, author: author.name, files: paths }, { stageId: ctx.stage.id });
  await services.events.emit('qa.tests.written', { files: paths, cases: tests.suite.plan.cases.length, refused: tests.refused.map((r) => r.path) }, { stageId: ctx.stage.id });

  // A resumed stage keeps the fix rounds it finished: their edits are on disk, their answers paid.
  await services.events.flush();
  const finished = services.state.stages.get(ctx.stage.id)?.fixRounds;
  // A copy: the loop adds to it while the fold keeps the log's own record.
  const earlier = { rounds: [...(finished?.rounds ?? [])], history: [...(finished?.history ?? [])], tried: new Map([...(finished?.tried ?? [])].map(([failure, fixes]) => [failure, new Set(fixes)])) };
  let run = await validateProject(ctx, session, { round: earlier.rounds.length });
  let rounds: TestReport['fix_rounds'] = earlier.rounds;
  const engineer = fixerFor(plan, ctx.stage);
  const maxRounds = plan.options.maxFixRounds ?? DEFAULT_MAX_FIX_ROUNDS;
  if (judgePipeline(run).status !== 'pass' && engineer && maxRounds > 0) {
    ({ run, rounds } = await runFixLoop({ ctx, services, session, engineer, maxRounds, first: run, earlier }));
  }
  const noFixReason = !engineer ? 'the workflow has no engineer stage to fix the code' : maxRounds === 0 ? 'the fix loop is off (0 fix rounds allowed)' : undefined;
  return buildTestReport(run, { plan: tests.suite.plan, fixRounds: rounds, ...(noFixReason ? { noFixReason } : {}) });
}
