import { createServer, type AddressInfo } from 'node:net';

/** A port on 127.0.0.1 that nothing listens on: it was free a moment ago and is closed again. */
export async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise((resolve) => listener.close(resolve));
  return port;
}
