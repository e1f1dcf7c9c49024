import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { bookmarksFile } from './bookmarks-api-tasks.js';

const lockfileSchema = z.object({
  packages: z.record(
    z.string(),
    z.looseObject({
      version: z.string().optional(),
      resolved: z.string().optional(),
      integrity: z.string().optional(),
      optional: z.boolean().optional(),
      os: z.array(z.string()).optional(),
      cpu: z.array(z.string()).optional(),
      libc: z.array(z.string()).optional(),
    }),
  ),
});

export type LockedPackage = z.infer<typeof lockfileSchema>['packages'][string];

/** The bookmarks project's lockfile entries by their node_modules path, the root ("") left out. */
export function bookmarksLockedPackages(): Map<string, LockedPackage> {
  const { packages } = lockfileSchema.parse(JSON.parse(bookmarksFile('package-lock.json')));
  return new Map(Object.entries(packages).filter(([path]) => path !== ''));
}

/** The package name of a lockfile path: `node_modules/a/node_modules/@b/c` is `@b/c`. */
export function lockedName(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** The user's npm cache, as npm itself reports it; undefined when npm cannot say. */
export function userNpmCache(): string | undefined {
  try {
    const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', timeout: 30_000 }).trim();
    return cache === '' ? undefined : cache;
  } catch {
    return undefined;
  }
}

function glibc(): boolean {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime !== undefined;
}

/** What npm installs here: every required package, and the optional ones built for this platform. */
function installedHere(entry: LockedPackage): boolean {
  if (!entry.optional) return true;
  if (entry.os === undefined && entry.cpu === undefined) return false;
  const libc = glibc() ? 'glibc' : 'musl';
  return (entry.os ?? [process.platform]).includes(process.platform) && (entry.cpu ?? [process.arch]).includes(process.arch) && (entry.libc ?? [libc]).includes(libc);
}

/** Where cacache keeps the content of an sha512 integrity: its hex digest, split 2/2/rest. */
function contentPath(cache: string, integrity: string): string | undefined {
  const sha512 = /^sha512-([A-Za-z0-9+/=]+)$/.exec(integrity.split(' ')[0] ?? '')?.[1];
  if (sha512 === undefined) return undefined;
  const hex = Buffer.from(sha512, 'base64').toString('hex');
  return join(cache, '_cacache', 'content-v2', 'sha512', hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/**
 * Why the bookmarks project cannot be installed offline from `cache`, or undefined when it can:
 * every tarball npm ci would read must be in the cache (Atelier's own `npm ci` puts them there).
 */
export function offlineSkipReason(cache: string | undefined): string | undefined {
  if (cache === undefined) return 'npm could not say where its cache is (`npm config get cache` failed)';
  if (!existsSync(join(cache, '_cacache'))) return `the npm cache ${cache} does not exist: run \`npm ci\` in this repository first`;
  const missing = [...bookmarksLockedPackages()]
    .filter(([, entry]) => installedHere(entry))
    .filter(([, entry]) => {
      const file = entry.integrity === undefined ? undefined : contentPath(cache, entry.integrity);
      return file === undefined || !existsSync(file);
    })
    .map(([path, entry]) => `${lockedName(path)}@${entry.version ?? '?'}`);
  if (missing.length === 0) return undefined;
  return `the npm cache ${cache} lacks ${missing.length} package(s) the bookmarks project locks (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): run \`npm ci\` in this repository, which fills it`;
}
