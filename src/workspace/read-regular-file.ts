import { constants } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';

/** Why a file was not read. */
export type UnreadReason = 'missing' | 'symbolic link' | 'not a regular file' | 'hard-linked' | 'too large' | 'moved' | 'not readable';

export type RegularFileRead = { text: string } | { unread: UnreadReason };

export interface RegularFileLimits {
  /** A larger file is not read (`too large`), however it grows while being read. */
  maxBytes: number;
  /** Refuse a file that has other names too (`hard-linked`): one of them may be outside the folder. */
  singleLink?: boolean;
  /**
   * Whether the file as opened, by its real path, may be read (`moved` when not). Checked on the
   * handle, not the path: a folder on the way swapped for a link after the caller's own checks
   * and before the open is caught here.
   */
  accept?: (realPath: string) => boolean;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * The UTF-8 text of a regular file, or why it was not read. Generated code may leave any kind of
 * file behind: a FIFO that would block a read forever, a device or a file without end that would
 * flood memory, a link to somewhere else. The file is opened without following a final symbolic
 * link and without blocking, and judged by its handle (regular, its size, its links, its path).
 */
export async function readRegularFile(file: string, limits: RegularFileLimits): Promise<RegularFileRead> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (hasCode(error, 'ENOENT') || hasCode(error, 'ENOTDIR')) return { unread: 'missing' };
    if (hasCode(error, 'ELOOP')) return { unread: 'symbolic link' };
    // A socket (ENXIO), a device without its driver (ENODEV), a folder (EISDIR), a file the
    // process may not read (EACCES, EPERM) or one locked by another (EAGAIN): not a file to read.
    if (['ENXIO', 'ENODEV', 'EISDIR', 'EACCES', 'EPERM', 'EAGAIN', 'EWOULDBLOCK', 'EOPNOTSUPP'].some((code) => hasCode(error, code))) return { unread: 'not readable' };
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { unread: 'not a regular file' };
    if (limits.singleLink && info.nlink > 1) return { unread: 'hard-linked' };
    if (info.size > limits.maxBytes) return { unread: 'too large' };
    if (limits.accept) {
      const real = await openedPath(handle, file, info);
      if (real === undefined || !limits.accept(real)) return { unread: 'moved' };
    }
    return await readCapped(handle, info.size, limits.maxBytes);
  } finally {
    await handle.close();
  }
}

/** Reads at most one byte past the cap, so a file that grows while it is read cannot flood memory. */
async function readCapped(handle: FileHandle, size: number, maxBytes: number): Promise<RegularFileRead> {
  const chunks: Buffer[] = [];
  let total = 0;
  let want = Math.min(size, maxBytes) + 1;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) return { unread: 'too large' };
    want = CHUNK_BYTES;
  }
  return { text: Buffer.concat(chunks, total).toString('utf8') };
}

/**
 * Where the opened file really is: Linux names it under /proc/self/fd. Elsewhere, the path's real
 * path counts only if it still names the very file the handle holds; undefined when it does not.
 */
async function openedPath(handle: FileHandle, file: string, info: { dev: number; ino: number }): Promise<string | undefined> {
  const named = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  if (named !== undefined) return named;
  const real = await realpath(file).catch(() => undefined);
  const now = real === undefined ? undefined : await stat(real).catch(() => undefined);
  return now?.dev === info.dev && now.ino === info.ino ? real : undefined;
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
