import { createBookmarksServer, listen, stop } from './server.js';

/**
 * Starts the API on a free port of 127.0.0.1, asks GET /health and stops it: exit 0 when the
 * service answers 200 {"status":"ok"}, 1 otherwise. It needs no network beyond the loopback.
 */
const server = createBookmarksServer();
const base = await listen(server, 0, '127.0.0.1');
try {
  const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
  const body = (await response.json()) as { status?: unknown };
  if (response.status === 200 && body.status === 'ok') {
    console.log(`smoke: GET ${base}/health answered ${response.status} ${JSON.stringify(body)}`);
  } else {
    console.error(`smoke: GET ${base}/health answered ${response.status} ${JSON.stringify(body)}, expected 200 {"status":"ok"}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`smoke: GET ${base}/health failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stop(server);
}
