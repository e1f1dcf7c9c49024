// Starts a run through the built engine's API alone (no CLI), for tests that kill it mid-run.
// argv: cwd project idea baseUrl
const [, , cwd, project, idea, baseUrl] = process.argv;
const { startRun } = await import(new URL('../../dist/engine.js', import.meta.url).href);
const result = await startRun({ idea, cwd, projectDir: project, model: 'scripted', concurrency: 1, modelSettings: { model: 'scripted', baseUrl } });
process.stdout.write(`${JSON.stringify({ runId: result.run.id, status: result.outcome.status })}\n`);
