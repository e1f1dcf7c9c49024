import { isolatedGit, type IsolatedGit } from './isolated-git.js';

/** Every finished run tags the repository `atelier/v1`, `atelier/v2`, …: the project's versions. */
export const VERSION_TAG_PREFIX = 'atelier/v';

export interface VersionTag {
  /** `atelier/v3` */
  name: string;
  version: number;
  /** The commit the tag points at. */
  sha: string;
  /** The run that made this version, from the tag's message; undefined for a tag a person made. */
  runId?: string;
  /** The tag's message (its first line names the run). */
  message: string;
  /** When the tag was made, ISO 8601. */
  date: string;
}

const RUN_LINE = /^run (r-[0-9a-f]{8})\b/;

/** `atelier/v3` → 3; undefined for any other name (`atelier/v3-rc`, `atelier/v0`). */
export function versionOfTag(name: string): number | undefined {
  if (!name.startsWith(VERSION_TAG_PREFIX)) return undefined;
  const digits = name.slice(VERSION_TAG_PREFIX.length);
  if (!/^[1-9][0-9]{0,8}$/.test(digits)) return undefined;
  return Number(digits);
}

/** `v3`, `3` or `atelier/v3` → 3, as a person names a version on the command line. */
export function parseVersionName(text: string): number | undefined {
  const trimmed = text.trim();
  const bare = trimmed.startsWith(VERSION_TAG_PREFIX) ? trimmed.slice(VERSION_TAG_PREFIX.length) : trimmed.replace(/^v/i, '');
  return /^[1-9][0-9]{0,8}$/.test(bare) ? Number(bare) : undefined;
}

/** The project's version tags, oldest first; none in a folder that is no repository yet. */
export async function listVersionTags(root: string, git: IsolatedGit = isolatedGit(root)): Promise<VersionTag[]> {
  let raw: string;
  try {
    raw = await git.raw(['for-each-ref', '--format=%(refname:strip=2)%1f%(*objectname)%1f%(objectname)%1f%(creatordate:iso-strict)%1f%(contents)%1e', `refs/tags/${VERSION_TAG_PREFIX.replace(/v$/, '')}`]);
  } catch {
    return [];
  }
  const tags: VersionTag[] = [];
  for (const entry of raw.split('\x1e')) {
    const [name = '', peeled = '', object = '', date = '', contents = ''] = entry.replace(/^\n/, '').split('\x1f');
    const version = versionOfTag(name);
    if (version === undefined) continue;
    const message = contents.trim();
    const runId = RUN_LINE.exec(message)?.[1];
    // An annotated tag points at a tag object; the commit is what it peels to.
    tags.push({ name, version, sha: peeled || object, message, date, ...(runId ? { runId } : {}) });
  }
  return tags.sort((a, b) => a.version - b.version);
}

/**
 * Tags HEAD as the next version for a run; the same run's tag again when it has one already (a
 * run resumed after it tagged and before it said so tags once).
 */
export async function tagNextVersion(root: string, runId: string, summary: string): Promise<VersionTag> {
  const git = isolatedGit(root);
  const tags = await listVersionTags(root, git);
  const own = tags.find((tag) => tag.runId === runId);
  if (own) return own;
  const version = (tags.at(-1)?.version ?? 0) + 1;
  const name = `${VERSION_TAG_PREFIX}${version}`;
  const message = `run ${runId}\n\n${summary.trim()}`;
  // tag.gpgsign is forced off for every command (isolated-git), so no gpg runs.
  await git.raw(['tag', '--annotate', '-m', message, name, 'HEAD']);
  const made = (await listVersionTags(root, git)).find((tag) => tag.name === name);
  if (!made) throw new Error(`git made no tag ${name}`);
  return made;
}
