import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { UsageError } from './usage-error.js';

/** Far above any document a role writes; a bigger file is refused unread. */
const MAX_EDIT_BYTES = 1024 * 1024;

/** A document as a person edits it: YAML, with a header saying what happens to the edit. */
export function documentAsYaml(document: { name: string; version: number; stageId: string; content: unknown }): string {
  return [
    `# ${document.name} v${document.version} (stage ${document.stageId}), as YAML.`,
    '# Change what you want and save: your version is checked like a model answer and, when it is valid,',
    '# approved as the next version. Lines starting with # are ignored.',
    stringify(document.content, { lineWidth: 0 }),
  ].join('\n');
}

/** A person's edit read back: the document it holds, or why it holds none. */
export function parseEdited(text: string): { content: unknown } | { problem: string } {
  let content: unknown;
  try {
    content = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    return { problem: `it is not valid YAML (${(error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/:\s*$/, '')})` };
  }
  if (content === null || content === undefined) return { problem: 'it is empty' };
  return { content };
}

/** The document a header names (`# prd v2 (stage write_prd), as YAML.`), so a file from another version is not taken for this one. */
export function editedHeader(text: string): { name: string; version: number } | undefined {
  const match = /^# (\S+) v(\d+) \(stage [^)]*\), as YAML\./.exec(text);
  return match ? { name: match[1]!, version: Number(match[2]) } : undefined;
}

/** `approve --edited FILE`: the document in a YAML or JSON file (a regular file, read to a bound), and the version its header names. */
export function readEditedFile(file: string): { content: unknown; header?: { name: string; version: number } } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--edited ${file}: ${code === 'ENOENT' ? 'there is no such file' : `it cannot be read (${code ?? String(error)})`}`);
  }
  try {
    // Not a device, a pipe or a folder: those report no size, and /dev/zero never ends.
    if (!fstatSync(fd).isFile()) throw new UsageError(`--edited ${file}: it is not a regular file`);
    const buffer = Buffer.alloc(MAX_EDIT_BYTES + 1);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    if (read > MAX_EDIT_BYTES) throw new UsageError(`--edited ${file}: the file is more than a document can be (${MAX_EDIT_BYTES} bytes)`);
    const text = buffer.subarray(0, read).toString('utf8');
    const parsed = parseEdited(text);
    if ('problem' in parsed) throw new UsageError(`--edited ${file}: ${parsed.problem}; nothing was recorded`);
    const header = editedHeader(text);
    return { content: parsed.content, ...(header ? { header } : {}) };
  } finally {
    closeSync(fd);
  }
}

/** An edit in progress: the file the person edits, kept between tries so an invalid edit is not lost. */
export interface EditSession {
  file: string;
  original: string;
}

export function startEdit(document: { name: string; version: number; stageId: string; content: unknown }): EditSession {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-edit-'));
  const file = join(dir, `${document.name.replace(/[^\w.-]/g, '_')}.v${document.version}.yml`);
  const original = documentAsYaml(document);
  writeFileSync(file, original, { mode: 0o600 });
  return { file, original };
}

/**
 * Opens the edit in the person's editor ($VISUAL, else $EDITOR) and reads it back once the editor
 * exits. The editor gets the terminal to itself: the prompt reads nothing while it runs.
 */
export function editInEditor(session: EditSession, env: NodeJS.ProcessEnv = process.env): { content: unknown } | { said: string } {
  const editor = env.VISUAL?.trim() || env.EDITOR?.trim();
  if (!editor) return { said: 'Set $EDITOR (or $VISUAL) to the editor to use, e.g. EDITOR=nano; nothing was changed.' };
  // The editor's command line is the person's own (it may hold arguments: "code --wait"); the file is passed apart.
  const result = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'atelier-edit', session.file], { stdio: 'inherit' });
  if (result.error || result.status !== 0) return { said: `The editor (${editor}) did not finish cleanly (${result.error ? result.error.message : `exit ${String(result.status ?? result.signal)}`}); nothing was changed. Your file stays at ${session.file}.` };
  if (statSync(session.file).size > MAX_EDIT_BYTES) return { said: `Your edit is more than a document can be (${MAX_EDIT_BYTES} bytes): nothing was recorded. Press e to open it again.` };
  const text = readFileSync(session.file, 'utf8');
  if (text === session.original) return { said: 'No change was made: nothing was recorded.' };
  const read = parseEdited(text);
  if ('problem' in read) return { said: `Your edit cannot be read: ${read.problem}. Press e to open it again (your edit is kept in ${session.file}).` };
  return read;
}

/** The edit was recorded: its file goes. */
export function endEdit(session: EditSession | undefined): void {
  if (session) rmSync(dirname(session.file), { recursive: true, force: true });
}

/** The person stopped: an edit they made stays where it is (its path is said), an untouched copy goes. */
export function leaveEdit(session: EditSession, out: NodeJS.WritableStream, runId: string): void {
  let text: string | undefined;
  try {
    text = readFileSync(session.file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined || text === session.original) {
    endEdit(session);
    return;
  }
  out.write(`  Your unrecorded edit stays in ${session.file}: approve it later with atelier approve ${runId} --edited ${session.file}\n`);
}
