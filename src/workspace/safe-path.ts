import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { hasControlCharacter } from './control-characters.js';
import { PathOutsideWorkspaceError, type PathRefusalReason } from './path-outside-workspace-error.js';

export { PathOutsideWorkspaceError, type PathRefusalReason } from './path-outside-workspace-error.js';

interface Refusal {
  reason: PathRefusalReason;
  detail: string;
}

/** Git's own folder, at any depth: a nested `.git` could plant hooks or a gitlink. */
const RESERVED_ANYWHERE = new Set(['.git']);
/** Atelier's private state at the workspace root. */
const RESERVED_AT_ROOT = new Set(['.atelier']);
/**
 * Atelier's own configuration at the workspace root: a model that wrote it could point a provider's
 * `base_url` at itself and receive the API key on the next run.
 */
const RESERVED_FILES_AT_ROOT = new Set(['atelier.config.yml']);

/**
 * Resolves a relative path proposed by a model (or a user) to an absolute path inside `root`,
 * or throws PathOutsideWorkspaceError. Checks the path's text first, then the file system:
 * every existing ancestor and the target itself must really lie inside the workspace.
 */
export function resolveInsideWorkspace(root: string, proposed: string): string {
  const lexical = checkLexically(proposed);
  if ('reason' in lexical) throw new PathOutsideWorkspaceError({ proposed, ...lexical });
  const absoluteRoot = path.resolve(root);
  const escape = findSymlinkEscape(absoluteRoot, lexical.segments);
  if (escape) throw new PathOutsideWorkspaceError({ proposed, ...escape });
  return path.join(absoluteRoot, ...lexical.segments);
}

/**
 * A quick, text-only check (no file system access): true when the path is relative, stays below
 * the root and avoids reserved places. `resolveInsideWorkspace` is still needed before writing,
 * because only it sees symlinks.
 */
export function isSafeRelativePath(proposed: string): boolean {
  return !('reason' in checkLexically(proposed));
}

function checkLexically(proposed: string): { segments: string[] } | Refusal {
  if (proposed.trim() === '') {
    return { reason: 'empty', detail: 'it is empty; give a path relative to the workspace root, like "src/index.ts"' };
  }
  if (proposed.includes('\0')) {
    return { reason: 'nul-byte', detail: 'it contains a NUL byte, which no file name may hold' };
  }
  if (hasControlCharacter(proposed)) {
    return { reason: 'control-character', detail: 'it contains a control character (a line break, a tab, a direction override or a zero-width character); use plain characters' };
  }
  // Backslashes are separators everywhere, so `..\\x` cannot slip past a POSIX-only check.
  const slashed = proposed.replaceAll('\\', '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) {
    return { reason: 'absolute', detail: 'it is absolute; give a path relative to the workspace root, like "src/index.ts"' };
  }
  const normalised = path.posix.normalize(slashed);
  if (normalised === '..' || normalised.startsWith('../')) {
    return { reason: 'traversal', detail: 'it leaves the workspace (..)' };
  }
  const segments = normalised.split('/').filter((segment) => segment !== '' && segment !== '.');
  return reservedRefusal(segments) ?? { segments };
}

/** A refusal when the path, as segments below the root, is one of the places Atelier manages. */
function reservedRefusal(segments: readonly string[]): Refusal | undefined {
  for (const [index, segment] of segments.entries()) {
    // Windows ignores trailing dots and spaces, and file systems may ignore case: `.GIT.` is `.git`.
    const canonical = segment.toLowerCase().replace(/[. ]+$/, '');
    if (RESERVED_ANYWHERE.has(canonical) || (index === 0 && RESERVED_AT_ROOT.has(canonical))) {
      return { reason: 'reserved', detail: `it is inside "${canonical}", which Atelier manages itself` };
    }
    if (index === 0 && RESERVED_FILES_AT_ROOT.has(canonical)) {
      return { reason: 'reserved', detail: `it is "${canonical}", Atelier's own configuration, which only you may change` };
    }
  }
  return undefined;
}

/** Where a path inside the root really is, judged like the path itself: a link to `.git` is `.git`. */
function reservedTarget(realRoot: string, real: string, shown: string): Refusal | null {
  const refusal = reservedRefusal(path.relative(realRoot, real).split(path.sep).filter((segment) => segment !== ''));
  return refusal ? { reason: 'reserved', detail: `it goes through the symlink "${shown}", which leads to a place Atelier manages (${refusal.detail.replace(/^it is /, '')})` } : null;
}

/** Walks the existing part of the path; returns a refusal when any piece of it resolves outside the root. */
function findSymlinkEscape(absoluteRoot: string, segments: string[]): Refusal | null {
  const realRoot = tryRealpath(absoluteRoot) ?? absoluteRoot;
  let current = absoluteRoot;
  for (const [index, segment] of segments.entries()) {
    current = path.join(current, segment);
    const isLink = lstatIsSymlink(current);
    if (isLink === undefined) return null; // does not exist, so nothing below it does either
    const shown = segments.slice(0, index + 1).join('/');
    let real: string;
    try {
      real = realpathSync(current);
    } catch {
      if (!isLink) return null;
      // A dangling symlink: writing through it would create its target, so judge where it points.
      const target = danglingTarget(current);
      if (target === undefined || !isInside(realRoot, target)) {
        return symlinkRefusal(shown, target);
      }
      return reservedTarget(realRoot, target, shown);
    }
    if (!isInside(realRoot, real)) return symlinkRefusal(shown, real);
    if (isLink) {
      const reserved = reservedTarget(realRoot, real, shown);
      if (reserved) return reserved;
    }
  }
  return null;
}

function symlinkRefusal(shown: string, target: string | undefined): Refusal {
  const where = target === undefined ? 'somewhere that cannot be resolved' : target;
  return {
    reason: 'symlink-escape',
    detail: `it goes through the symlink "${shown}", which points outside the workspace (to ${where})`,
  };
}

function lstatIsSymlink(file: string): boolean | undefined {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return undefined;
  }
}

function tryRealpath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/** Follows a chain of links by hand, since realpath gives up on a missing final target. */
function danglingTarget(link: string): string | undefined {
  let current = link;
  for (let hop = 0; hop < 40; hop += 1) {
    if (!lstatIsSymlink(current)) {
      const parent = tryRealpath(path.dirname(current));
      return parent === undefined ? current : path.join(parent, path.basename(current));
    }
    try {
      const parent = tryRealpath(path.dirname(current)) ?? path.dirname(current);
      current = path.resolve(parent, readlinkSync(current));
    } catch {
      return undefined;
    }
  }
  return undefined; // a loop, or a chain too long to trust
}

/** Whether `candidate` is `root` or below it (both absolute). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
