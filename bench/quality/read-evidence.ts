import { existsSync, readdirSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isRelativeProjectPath, reviewSchema, sourceCodeSchema, testReportSchema, type Review, type TestReport } from '../../src/documents/index.js';
import { openRunStore } from '../../src/engine/index.js';
import type { DocumentRecord } from '../../src/store/index.js';
import { atelierJson, type SpawnOptions } from './atelier-cli.js';
import type { CostEvidence, RunEvidence } from './evidence.js';
import type { FolderState, ListedRun } from './plan-project.js';

const runsSchema = z.array(z.object({ id: z.string(), status: z.string(), interrupted: z.boolean(), createdAt: z.string() }));
const showSchema = z.object({
  run: z.object({ id: z.string(), status: z.string(), error: z.string().nullable(), interrupted: z.boolean().optional() }),
  stages: z.array(z.object({ answeredBy: z.array(z.string()).optional() })),
});
const costSchema = z.object({
  total: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.string(), unpriced: z.number() }),
  delivered: z.object({ tokensPerLine: z.number().nullable().optional() }).optional(),
});
const prdStoriesSchema = z.object({ user_stories: z.array(z.string()) });

/** Delivered files beyond this are not read for placeholders (the static scan's own limit). */
const MAX_FILE_BYTES = 512 * 1024;

export async function listRuns(projectDir: string, options: SpawnOptions): Promise<ListedRun[]> {
  return atelierJson(['runs', '--project', projectDir, '--json'], runsSchema, options);
}

/** What the idea's folder holds: nothing, files that are not an Atelier project, or runs. */
export async function readFolderState(projectDir: string, options: SpawnOptions): Promise<FolderState> {
  if (!existsSync(projectDir)) return { kind: 'absent' };
  if (existsSync(join(projectDir, '.atelier', 'atelier.db'))) return { kind: 'runs', runs: await listRuns(projectDir, options) };
  return readdirSync(projectDir).length === 0 ? { kind: 'empty' } : { kind: 'files-without-run' };
}

/** The latest version of each document name, of the given kind. */
function latestOfKind(documents: readonly DocumentRecord[], kind: string): DocumentRecord[] {
  const byName = new Map<string, DocumentRecord>();
  for (const doc of documents) {
    if (doc.kind !== kind) continue;
    const seen = byName.get(doc.name);
    if (!seen || doc.version > seen.version) byName.set(doc.name, doc);
  }
  return [...byName.values()];
}

async function readDelivered(projectDir: string, paths: readonly string[]): Promise<{ files: { path: string; text: string }[]; unreadable: string[] }> {
  const files: { path: string; text: string }[] = [];
  const unreadable: string[] = [];
  for (const path of [...new Set(paths)]) {
    const absolute = join(projectDir, path);
    // The document's paths came from a model: read only regular files inside the project.
    const info = isRelativeProjectPath(path) ? await lstat(absolute).catch(() => undefined) : undefined;
    if (!info?.isFile() || info.size > MAX_FILE_BYTES) {
      unreadable.push(path);
      continue;
    }
    files.push({ path, text: await readFile(absolute, 'utf8') });
  }
  return { files, unreadable };
}

function readReport(docs: readonly DocumentRecord[]): { report?: TestReport; reportUnreadable?: string } {
  const stored = latestOfKind(docs, 'test_report').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!stored) return {};
  const parsed = testReportSchema.safeParse(stored.content);
  if (parsed.success) return { report: parsed.data };
  const issue = parsed.error.issues[0];
  return { reportUnreadable: `the stored ${stored.name} v${stored.version} does not match this Atelier's schema (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})` };
}

/** Reads what the run left: `atelier show` and `atelier cost`, its documents and events, its files. */
export async function readRunEvidence(projectDir: string, runId: string, options: SpawnOptions): Promise<RunEvidence> {
  const show = await atelierJson(['show', runId, '--project', projectDir, '--json'], showSchema, options);
  const cost = await atelierJson(['cost', runId, '--project', projectDir, '--json'], costSchema, options).catch(() => undefined);
  const { store } = await openRunStore(runId, projectDir, projectDir, { env: options.env });
  let docs: DocumentRecord[];
  let events: { type: string; at: string }[];
  try {
    docs = await store.listDocuments(runId);
    events = (await store.listEvents(runId)).map((event) => ({ type: event.type, at: event.at }));
  } finally {
    await store.close();
  }

  const prd = latestOfKind(docs, 'prd')[0];
  const stories = prd ? prdStoriesSchema.safeParse(prd.content) : undefined;
  const sourceDocs = latestOfKind(docs, 'source_code').flatMap((doc) => {
    const parsed = sourceCodeSchema.safeParse(doc.content);
    return parsed.success ? [parsed.data] : [];
  });
  const delivered = sourceDocs.length > 0 ? await readDelivered(projectDir, sourceDocs.flatMap((doc) => doc.files.map((file) => file.path))) : undefined;
  const reviews = latestOfKind(docs, 'review').flatMap((doc): Review[] => {
    const parsed = reviewSchema.safeParse(doc.content);
    return parsed.success ? [parsed.data] : [];
  });
  const costEvidence: CostEvidence | undefined = cost && {
    inputTokens: cost.total.inputTokens,
    outputTokens: cost.total.outputTokens,
    costUsd: cost.total.costUsd,
    unpricedCalls: cost.total.unpriced,
    tokensPerLine: cost.delivered?.tokensPerLine ?? null,
  };

  return {
    runId,
    status: show.run.status,
    error: show.run.error,
    interrupted: show.run.interrupted ?? false,
    ...(stories?.success ? { userStories: stories.data.user_stories } : {}),
    ...readReport(docs),
    ...(delivered ? { sourceFiles: delivered.files } : {}),
    unreadableSourceFiles: delivered?.unreadable ?? [],
    reviews,
    fixRounds: events.filter((event) => event.type === 'fix.round.started').length,
    timeline: events,
    ...(costEvidence ? { cost: costEvidence } : {}),
    answeredBy: [...new Set(show.stages.flatMap((stage) => stage.answeredBy ?? []))],
  };
}
