import type { ServerResponse } from 'node:http';

/** An answer laid out as the bytes a provider would send, before it is written to the socket. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Written in order: a JSON body is one frame, an SSE stream one frame per event. */
  frames: string[];
  /** Destroy the socket after the frames instead of ending the response: a dropped connection. */
  cutOff?: boolean;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string>): WireResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, frames: [JSON.stringify(body)] };
}

export function sseResponse(frames: string[], headers: Record<string, string>): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers },
    frames,
  };
}

/** A JSON body cut in half while its content-length promises all of it, as when a proxy drops the line. */
export function cutJsonResponse(body: unknown, headers: Record<string, string>): WireResponse {
  const text = JSON.stringify(body);
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers },
    frames: [text.slice(0, Math.floor(text.length / 2))],
    cutOff: true,
  };
}

/** Splits streamed text into small deltas, as a real model streams a few tokens per event. */
export function streamPieces(text: string, size = 16): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

/** What a truncated reply gets through before the connection drops. */
export function firstHalf(text: string): string {
  return text.slice(0, Math.ceil(text.length / 2));
}

export function writeWireResponse(res: ServerResponse, wire: WireResponse): void {
  res.writeHead(wire.status, wire.headers);
  if (!wire.cutOff) {
    for (const frame of wire.frames) res.write(frame);
    res.end();
    return;
  }
  // Flush what was promised so far, then drop the connection without a terminating chunk.
  res.flushHeaders();
  const frames = wire.frames.length > 0 ? wire.frames : [''];
  frames.forEach((frame, i) => {
    const last = i === frames.length - 1;
    res.write(frame, last ? () => res.socket?.destroy() : undefined);
  });
}
