import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isRelativeProjectPath, normalizeProjectPath, type CodeChange } from '../documents/index.js';
import { PathOutsideWorkspaceError } from '../workspace/safe-path.js';
import { applyEdits } from './apply-edits.js';
import type { StageContext } from './stage-context.js';
import { AtelierError } from '../errors/atelier-error.js';

/**
 * What an answer may touch. `task`: the first implementation, every owned file answered.
 * `rework`: a revision after review, owned or new files whole, anything else by edits.
 * `fix`: a repair, new files whole, existing ones only by edits.
 */
export interface ChangeRules {
  mode: 'task' | 'rework' | 'fix';
  ownedFiles?: readonly string[];
  /** Files other tasks of the plan own: never rewritten whole here, since those tasks may run in parallel. */
  othersOwn?: readonly string[];
  /** The project's files as they are now; edits are checked against them. */
  snapshot: ReadonlyMap<string, string>;
}

export interface WrittenChange {
  written: { path: string; bytes: number }[];
  refused: { path: string; reason: string }[];
}

/** Problems that send an answer back to the model, each saying what to do instead. */
export function changeProblems(change: Pick<CodeChange, 'files' | 'edits'>, rules: ChangeRules): string[] {
  const problems: string[] = [];
  const owned = new Set((rules.ownedFiles ?? []).map(normalizeProjectPath));
  const others = new Set((rules.othersOwn ?? []).map(normalizeProjectPath).filter((path) => !owned.has(path)));
  change.files.forEach((file, index) => {
    const path = normalizeProjectPath(file.path);
    if (file.content.trim() === '') problems.push(`files[${index}]: "${file.path}" is empty`);
    const exists = rules.snapshot.has(path);
    if (rules.mode === 'fix' && exists) {
      problems.push(`files[${index}]: "${path}" already exists: change it with edits (exact search and replace), not by rewriting the whole file`);
    } else if (rules.mode === 'rework' && exists && !owned.has(path)) {
      problems.push(`files[${index}]: "${path}" belongs to another task: change it with a small edit if you must, not by rewriting it`);
    } else if (rules.mode === 'task' && others.has(path)) {
      // Regardless of whether it exists yet: the owner may be writing it right now.
      problems.push(`files[${index}]: "${path}" belongs to another task of the plan: leave it to that task, or change it with a small edit if it exists and you must`);
    }
  });
  (change.edits ?? []).forEach((edit, index) => {
    if (!isRelativeProjectPath(edit.path)) problems.push(`edits[${index}]: "${edit.path}" is not a relative path inside the project`);
    else if (edit.search === edit.replace) problems.push(`edits[${index}]: the replacement is the same as the search text, so the edit changes nothing`);
  });
  if (problems.length === 0) problems.push(...applyEdits(change.edits ?? [], (path) => rules.snapshot.get(path)).problems);
  if (rules.mode === 'task') {
    const answered = new Set([...change.files, ...(change.edits ?? [])].map((f) => normalizeProjectPath(f.path)));
    for (const path of owned) if (!answered.has(path)) problems.push(`files: the task owns "${path}" but the answer does not contain it`);
  }
  return problems;
}

/** A change checked against a snapshot no longer applies to the files on disk. */
export class ChangeNotAppliedError extends AtelierError {
  override readonly name = 'ChangeNotAppliedError';
  constructor(
    readonly label: string,
    readonly problems: string[],
  ) {
    super(`${label}: the edits no longer apply to the files on disk (did something else change them meanwhile?):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Where a write would land, relative to the project, following links that already exist (`d -> docs`). */
async function realProjectPath(root: string, path: string): Promise<string> {
  const target = resolve(root, path.replace(/\\/g, '/'));
  try {
    const [realRoot, realDir] = await Promise.all([realpath(root), realpath(dirname(target))]);
    return relative(realRoot, join(realDir, basename(target))).split(sep).join('/');
  } catch {
    return relative(root, target).split(sep).join('/');
  }
}

/** The hex SHA-256 of a file's content, as the source_code index records it. */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Writes a checked change: edits re-applied to the files as they are on disk, then whole files.
 * Every path goes through the workspace, which refuses one outside it (a `file.refused` event)
 * and writes the rest; each write is a `file.written` event.
 */
export async function writeChange(ctx: StageContext, change: Pick<CodeChange, 'files' | 'edits'>, where: { taskId: string | null; label: string }): Promise<WrittenChange> {
  const edited = (change.edits ?? []).map((edit) => normalizeProjectPath(edit.path));
  const onDisk = new Map<string, string>();
  for (const path of new Set(edited)) {
    const content = await ctx.workspace.readFile(path);
    if (content !== undefined) onDisk.set(path, content);
  }
  const applied = applyEdits(change.edits ?? [], (path) => onDisk.get(path));
  if (applied.problems.length > 0) throw new ChangeNotAppliedError(where.label, applied.problems);

  const outcome: WrittenChange = { written: [], refused: [] };
  const writes = [...[...applied.contents].map(([path, content]) => ({ path, content })), ...change.files];
  for (const file of writes) {
    if (ctx.isAtelierDocument?.(normalizeProjectPath(file.path)) || ctx.isAtelierDocument?.(await realProjectPath(ctx.workspace.root, file.path))) {
      const message = `refused "${file.path}": it is one of the documents Atelier renders from its own records (docs/); a code change may not write it`;
      outcome.refused.push({ path: file.path, reason: message });
      await ctx.events.emit('file.refused', { path: file.path, reason: 'reserved', message }, { stageId: ctx.stage.id, taskId: where.taskId });
      continue;
    }
    try {
      const written = await ctx.workspace.writeFile(file.path, file.content);
      // Events, documents and commits speak in paths relative to the project.
      const path = relative(ctx.workspace.root, written.path).split(sep).join('/');
      outcome.written.push({ path, bytes: written.bytes });
      // The content's digest lets a later stage tell the file as written from a same-sized change.
      await ctx.events.emit('file.written', { path, bytes: written.bytes, created: written.created, sha256: sha256(file.content) }, { stageId: ctx.stage.id, taskId: where.taskId });
    } catch (error) {
      if (!PathOutsideWorkspaceError.isInstance(error)) throw error;
      outcome.refused.push({ path: file.path, reason: error.message });
      await ctx.events.emit('file.refused', { path: file.path, reason: error.reason, message: error.message }, { stageId: ctx.stage.id, taskId: where.taskId });
    }
  }
  return outcome;
}
