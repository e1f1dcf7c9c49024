import { relative } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { UsageError } from '../usage-error.js';
import { formatDuration, formatTokens, statusMark } from '../format.js';
import { documentFileName } from '../../documents/document-file-name.js';
import { plural } from '../../observe/plural.js';
import { printable, printableDeep } from '../../observe/printable.js';
import { redactSecrets } from '../../observe/redact.js';

/** A project whose store cannot be read is left out of a search over many, with one line saying so. */
export function warnSkipped(projectDir: string, error: unknown): void {
  process.stderr.write(`${pc.yellow('warning:')} skipped ${projectDir}: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`);
}

export function registerInspectCommands(program: Command): void {
  program
    .command('runs')
    .description('list runs, newest first, of the projects here (./, ./workspace/* and known projects below ./), or --all, or --project')
    .option('--project <dir>', 'only this project folder')
    .option('--all', 'every project Atelier knows of on this machine (the project index)')
    .option('--json', 'print JSON')
    .action(async (flags: { project?: string; all?: boolean; json?: boolean }) => {
      // The store's modules load on use, not with every command.
      const { listRunsEverywhere } = await import('../read-actions.js');
      const rows = await listRunsEverywhere(process.cwd(), flags.project, { everywhere: flags.all ?? false, onSkipped: warnSkipped });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows.map(({ plan: _plan, ...run }) => run), null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`No runs ${flags.all ? 'in any known project' : 'here'} yet. Start one with \`atelier run --idea "…"\`, or try \`atelier demo\`${flags.all ? '' : '; `atelier runs --all` lists every known project'}.\n`);
        return;
      }
      // What the list shows may come from a model or a generated file: printable only.
      for (const run of rows.map((row) => printableDeep(row))) {
        const shown = run.interrupted ? 'interrupted (resumable)' : run.status;
        const status = run.status === 'succeeded' ? pc.green(shown) : run.status === 'failed' ? pc.red(shown) : pc.yellow(shown);
        process.stdout.write(`${pc.cyan(run.id)}  ${run.createdAt.slice(0, 16).replace('T', ' ')}  ${status.padEnd(24)} ${run.workflowId.padEnd(16)} ${relative(process.cwd(), run.projectDir) || '.'}  ${pc.dim(run.idea.slice(0, 60))}\n`);
        // A parked run says what it waits for, and since when.
        if (run.status === 'parked' && run.error) process.stdout.write(`    ${pc.yellow(`waiting since ${run.updatedAt.slice(0, 16).replace('T', ' ')}: ${printable(run.error)}`)}\n`);
      }
    });

  program
    .command('show')
    .description('show one run: stages, documents, tokens, files and commits')
    .argument('<run>', 'the run id')
    .option('--project <dir>', 'the project folder holding the run')
    .option('--json', 'print JSON')
    .option('--document <name>', "print one document's latest version, as YAML (JSON with --json): the file `atelier approve RUN --edited FILE` takes")
    .action(async (runId: string, flags: { project?: string; json?: boolean; document?: string }) => {
      const { openRunStore, foldRunState, readRunPlan, SHOWN_EVENT_TYPES } = await import('../read-actions.js');
      const opened = await openRunStore(runId, process.cwd(), flags.project, { onSkipped: warnSkipped });
      const { store, projectDir, interrupted } = opened;
      // JSON escapes control characters itself; the text view shows them as codes, never raw.
      const shown = <T,>(value: T): T => (flags.json ? value : printableDeep(value));
      const run = shown(opened.run);
      try {
        const [documents, calls, events] = shown(await Promise.all([store.listDocuments(run.id), store.listModelCalls(run.id), store.listEvents(run.id, undefined, SHOWN_EVENT_TYPES)]));
        if (flags.document !== undefined) {
          const doc = documents.find((d) => d.name === flags.document);
          if (!doc) throw new UsageError(`run ${run.id} has no document "${printable(flags.document)}"; it has ${documents.map((d) => d.name).join(', ') || 'none yet'}`);
          const stageId = readRunPlan(run.plan).workflow.stages.find((s) => s.output === doc.name)?.id ?? '?';
          const { documentAsYaml } = await import('../edit-document.js');
          process.stdout.write(flags.json ? `${JSON.stringify(doc.content, null, 2)}\n` : documentAsYaml({ name: doc.name, version: doc.version, stageId, content: doc.content }));
          return;
        }
        // A document written more than once (sent back, revised) lists its earlier versions too.
        const earlier = new Map(await Promise.all(documents.filter((doc) => doc.version > 1).map(async (doc) => [doc.name, shown((await store.listDocumentVersions(run.projectId, doc.name)).filter((v) => v.version < doc.version && v.runId === run.id))] as const)));
        // The same fold of the event log that the live view and resume read, over the events it shows.
        const state = foldRunState(readRunPlan(run.plan), events);
        const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
        const stages = [...state.stages.values()].map((stage) => ({
          stageId: stage.id,
          role: stage.roleId,
          status: stage.status,
          model: stage.model ?? null,
          // The models that really answered its calls: a gateway or a backup may differ from `model`.
          answeredBy: stage.answeredBy,
          startedAt: iso(stage.startedAt),
          finishedAt: iso(stage.finishedAt),
          error: stage.error ?? null,
          ...(stage.parkedFor ? { waitingFor: stage.parkedFor } : {}),
        }));
        const tasks = [...state.stages.values()].flatMap((stage) => stage.tasks.map((task) => ({ stageId: stage.id, taskId: task.id, title: task.title, status: task.status, attempts: task.attempts, ...(task.roleName ? { by: task.roleName } : {}) })));
        // Each approval point: what waits since when, or who decided and how.
        const approvals = [...state.stages.values()].flatMap((stage) => (stage.approval ? [{ stageId: stage.id, ...stage.approval, requestedAt: new Date(stage.approval.requestedAt).toISOString() }] : []));
        // Questions roles asked the user: waiting since when, or answered.
        const questions = [...state.stages.values()].flatMap((stage) => (stage.questions ? [{ stageId: stage.id, ...stage.questions, askedAt: new Date(stage.questions.askedAt).toISOString() }] : []));
        // Feedback roles sent the authors of their inputs, each answered by a revision.
        const messages = [...state.stages.values()].flatMap((stage) => (stage.messages ?? []).map(({ sentAt, ...m }) => ({ fromStage: stage.id, from: stage.roleId, ...m, sentAt: new Date(sentAt).toISOString() })));
        const files = [...state.files].sort();
        const commits = state.commits;
        const tokens = (stageId: string | null) =>
          calls.filter((c) => stageId === null || c.stageId === stageId).reduce((sum, c) => sum + c.inputTokens + c.outputTokens, 0);
        if (flags.json) {
          const { plan: _plan, ...summary } = run;
          process.stdout.write(`${JSON.stringify({ run: { ...summary, interrupted }, projectDir, stages, tasks, documents: documents.map(({ content: _c, ...d }) => ({ ...d, ...(earlier.has(d.name) ? { earlierVersions: earlier.get(d.name)!.map(({ content: _e, ...v }) => v) } : {}) })), approvals, questions, messages, modelCalls: calls, contextLeftOut: state.packed, files, commits }, null, 2)}\n`);
          return;
        }
        const out: string[] = [];
        out.push(`${pc.bold(`run ${run.id}`)}  ${interrupted ? 'interrupted (resumable)' : run.status}  workflow ${run.workflowId}  created ${run.createdAt}`);
        out.push(`idea: ${run.idea}`);
        out.push(`project: ${projectDir}`);
        if (run.error && run.status === 'parked') out.push(pc.yellow(`waiting since ${run.updatedAt}: ${run.error}`));
        else if (run.error) out.push(pc.red(`error: ${run.error}`));
        out.push('', pc.bold('stages'));
        for (const stage of state.stages.values()) {
          const elapsed = stage.startedAt !== undefined && stage.finishedAt !== undefined ? formatDuration(stage.finishedAt - stage.startedAt) : '';
          const note = stage.error ? pc.red(`  ${stage.error}`) : stage.parkedFor ? pc.yellow(`  ${/^waiting\b/.test(stage.parkedFor) ? stage.parkedFor : `waiting: ${stage.parkedFor}`}`) : '';
          const model = stage.answeredBy.length > 0 ? stage.answeredBy.join(', ') : (stage.model ?? '');
          out.push(`  ${statusMark[stage.status]} ${stage.id.padEnd(24)} ${stage.roleId.padEnd(18)} ${model.padEnd(28)} ${elapsed.padStart(7)} ${formatTokens(tokens(stage.id)).padStart(10)}${note}`);
          for (const task of stage.tasks) out.push(`      ${task.status.padEnd(6)} ${task.id.padEnd(5)} ${task.title}${task.roleName ? pc.dim(`  (${task.roleName})`) : ''}`);
        }
        if (approvals.length > 0) {
          out.push('', pc.bold('approvals'));
          for (const a of approvals) {
            const decided = a.status === 'requested' ? pc.yellow(`waiting since ${a.requestedAt}: atelier approve ${run.id} --stage ${a.stageId}, or atelier reject ${run.id} --stage ${a.stageId} --feedback "…"`) : a.status === 'granted' ? `approved by ${a.by ?? '?'}${a.comment ? `: ${a.comment}` : ''}` : `sent back by ${a.by ?? '?'}: ${a.feedback ?? ''}`;
            out.push(`  ${a.stageId.padEnd(24)} ${`${a.name} v${a.version}`.padEnd(22)} ${decided}`);
          }
        }
        if (questions.length > 0) {
          out.push('', pc.bold('questions'));
          for (const q of questions) {
            out.push(`  ${q.stageId.padEnd(24)} ${`${q.name} v${q.version}`.padEnd(22)} ${q.status === 'asked' ? pc.yellow(`waiting since ${q.askedAt}: atelier answer ${run.id} --stage ${q.stageId} --answer "1=…"`) : `answered by ${q.by ?? '?'}`}`);
            q.questions.forEach((question, i) => out.push(`      ${i + 1}. ${printable(question)}${q.answers?.[i] ? pc.dim(`  → ${printable(q.answers[i])}`) : ''}`));
          }
        }
        if (messages.length > 0) {
          out.push('', pc.bold('feedback between roles'));
          for (const m of messages) {
            out.push(`  ${`${m.fromStage} → ${m.forPerson ? 'you' : m.toStage}`.padEnd(40)} ${`${m.document} v${m.version}`.padEnd(22)} ${m.forPerson ? 'a note for the person who approves it' : `round ${m.round}`}`);
            for (const line of m.content.split('\n').slice(0, 6)) out.push(pc.dim(`      ${printable(line)}`));
          }
        }
        out.push('', pc.bold('documents'));
        for (const doc of documents) {
          const before = (earlier.get(doc.name) ?? []).map((v) => `v${v.version} ${v.status}`).join(', ');
          out.push(`  ${doc.name.padEnd(22)} ${doc.kind.padEnd(18)} v${doc.version}  ${doc.status.padEnd(8)} written by ${doc.authorRole}  ${documentFileName(doc.name)}${before ? pc.dim(`  (earlier: ${before})`) : ''}`);
        }
        out.push('', `${pc.bold('model calls')}: ${calls.length} (${calls.filter((c) => c.source === 'live').length} live, ${calls.filter((c) => c.source === 'replay').length} replayed, ${calls.filter((c) => c.source === 'cache').length} from cache), ${formatTokens(tokens(null))}`);
        // The ledger names the model that answered each call, not the one asked.
        const byModel = new Map<string, number>();
        for (const call of calls) byModel.set(`${call.provider}:${call.model}`, (byModel.get(`${call.provider}:${call.model}`) ?? 0) + 1);
        for (const [model, count] of byModel) out.push(`  ${model.padEnd(40)} ${plural(count, 'call')}`);
        if (state.packed.length > 0) {
          out.push('', pc.bold('context left out to fit the budget'));
          for (const packed of state.packed) out.push(`  ${packed.label}: ${packed.summary}`);
        }
        out.push('', `${pc.bold('files')} (${files.length})`);
        for (const file of files) out.push(`  ${file}`);
        out.push('', `${pc.bold('commits')} (${commits.length})`);
        for (const commit of commits) out.push(`  ${commit.sha.slice(0, 8)} ${commit.message.split('\n')[0]} ${pc.dim(`— ${commit.author}`)}`);
        process.stdout.write(`${out.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
