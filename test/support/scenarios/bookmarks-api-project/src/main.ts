import { createBookmarksServer, listen, stop } from './server.js';

/** PORT and HOST from the environment; the defaults serve this machine only. */
function address(env: NodeJS.ProcessEnv): { port: number; host: string } {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number from 0 to 65535, got "${env.PORT}"`);
  return { port, host: env.HOST?.trim() || '127.0.0.1' };
}

const { port, host } = address(process.env);
const server = createBookmarksServer();
const url = await listen(server, port, host);
console.log(`Bookmarks API listening on ${url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stop(server).then(() => console.log('Bookmarks API stopped'));
  });
}
