import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  checkWorkflowFile,
  ConfigChangeError,
  compileWorkflowById,
  configFiles,
  configProblems,
  fileId,
  formatConfigIssue,
  layerDirs,
  loadAppConfig,
  loadWorkflowRegistry,
  planConfigSet,
  planWorkflowDelete,
  planWorkflowWrite,
  sourcesById,
  workflowMermaid,
  workflowOutline,
  workflowTextFromStagesFile,
  writeFileAtomic,
  type CompiledWorkflow,
  type ConfigLocations,
} from '../../config/index.js';
import {
  configAction,
  configLocations,
  exportFile,
  failBadInput,
  printNotes,
  printTable,
  readInput,
  withLayerOptions,
  writeLayer,
  type LayerFlags,
} from './config-command.js';

interface WriteFlags extends LayerFlags {
  force?: boolean;
}

/** The workflow `atelier run` uses when neither --workflow nor atelier.config.yml names one. */
const DEFAULT_WORKFLOW = 'standard';

export function registerWorkflowCommand(program: Command): void {
  const workflow = program
    .command('workflow')
    .description('list, show, create, set, validate, export, import and delete workflows (project > user > built-in)')
    .addHelpText(
      'after',
      `
Examples:
  atelier workflow create security_focused --display-name "Security Focused Workflow" \\
    --description "Security in every stage" --stages-file security_workflow_stages.yml --force
  atelier workflow set security_focused
  atelier workflow show security_focused --mermaid
  atelier workflow validate my_workflow.yml`,
    );

  withLayerOptions(workflow.command('list').description('every workflow: id, name, layer, stages; * marks the active one'), false).action(
    configAction(async (flags: LayerFlags) => {
      const locations = configLocations(flags);
      const dirs = layerDirs(locations, 'workflows');
      const workflows = await loadWorkflowRegistry(dirs);
      const sources = await sourcesById(dirs);
      const active = await activeWorkflow(locations);
      const rows = workflows.list().map((entry) => {
        const hidden = (sources.get(entry.id) ?? []).slice(0, -1).map((s) => s.layer).reverse();
        const notes = [`${entry.definition.stages.length} stages`, hidden.length > 0 ? `overrides ${hidden.join(', ')}` : ''].filter((n) => n !== '');
        return [`${entry.id === active ? '*' : ' '} ${entry.id}`, entry.definition.name, entry.source.layer, notes.join(', ')];
      });
      printTable(['  ID', 'NAME', 'LAYER', ''], rows);
    }),
  );

  withLayerOptions(
    workflow
      .command('show')
      .description('print a workflow: its stages wave by wave, roles, inputs and outputs')
      .argument('<id>', 'workflow id, or a path to a workflow .yml')
      .option('--mermaid', 'print the DAG as a mermaid flowchart instead'),
    false,
  ).action(
    configAction(async (id: string, flags: LayerFlags & { mermaid?: boolean }) => {
      const locations = configLocations(flags);
      const asFile = /\.ya?ml$/i.test(id) && existsSync(resolve(id));
      const { compiled, source } = asFile
        ? { compiled: (await checkWorkflowFile(locations, resolve(id))).compiled, source: resolve(id) }
        : await byId(locations, id);
      if (flags.mermaid) {
        process.stdout.write(`${workflowMermaid(compiled)}\n`);
        return;
      }
      printWorkflow(compiled, source);
    }),
  );

  withLayerOptions(
    workflow
      .command('create')
      .description('create a workflow from a stages file (in your user configuration unless --project)')
      .argument('<id>', 'the workflow id, also its file name')
      .requiredOption('--stages-file <file>', 'a YAML list of stages (task, role, input, output), or a workflow file')
      .option('--display-name <name>', 'the workflow name (default: the id)')
      .option('--description <text>', 'what the workflow is for')
      .option('--force', 'replace a workflow of this id in the layer, or override a built-in one'),
    true,
  ).action(
    configAction(async (id: string, flags: WriteFlags & { stagesFile: string; displayName?: string; description?: string }) => {
      const locations = configLocations(flags);
      const stagesFile = resolve(flags.stagesFile);
      await readInput(stagesFile, '--stages-file');
      const text = await workflowTextFromStagesFile(locations, stagesFile, { id, name: flags.displayName, description: flags.description });
      const layer = writeLayer(flags);
      const plan = await planWorkflowWrite(locations, { id, layer, text, sourceFile: stagesFile, mode: 'create', force: flags.force });
      await writeFileAtomic(plan.file, plan.text);
      process.stdout.write(`created workflow "${id}" in the ${layer} layer: ${plan.file}\n`);
      printNotes(plan.notes);
    }),
  );

  withLayerOptions(
    workflow.command('set').description('make a workflow the active one (`workflow:` in atelier.config.yml)').argument('<id>'),
    true,
  ).action(
    configAction(async (id: string, flags: LayerFlags) => {
      const locations = configLocations(flags);
      await compileWorkflowById(locations, id);
      const plan = await planConfigSet(configFiles(locations)[writeLayer(flags)], 'workflow', id);
      await writeFileAtomic(plan.file, plan.text);
      process.stdout.write(`active workflow: ${id} (${plan.file})\n`);
    }),
  );

  withLayerOptions(
    workflow.command('validate').description('check a workflow file; every problem with its line; exit code 2 when invalid').argument('<file>'),
    false,
  ).action(async (file: string, flags: LayerFlags) => {
    const path = resolve(file);
    try {
      const checked = await checkWorkflowFile(configLocations(flags), path);
      const { compiled } = checked;
      process.stdout.write(`${path}: valid: workflow "${compiled.id}" (${compiled.name}), ${compiled.stages.length} stages in ${compiled.waves.length} waves\n`);
      for (const warning of checked.warnings) process.stdout.write(`  warning: ${formatConfigIssue(warning)}\n`);
    } catch (error) {
      const problems = configProblems(error);
      if (!problems) throw error;
      failBadInput(`${path}: invalid, ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
    }
  });

  withLayerOptions(
    workflow
      .command('export')
      .description('write the workflow file as this project sees it to --output (default: print it)')
      .argument('<id>')
      .option('--output <file>', 'the file to write')
      .option('--force', 'replace the output file if it exists'),
    false,
  ).action(
    configAction(async (id: string, flags: LayerFlags & { output?: string; force?: boolean }) => {
      // Not compiled: a workflow that stopped compiling can still be exported, to be fixed elsewhere.
      const workflows = await loadWorkflowRegistry(layerDirs(configLocations(flags), 'workflows'));
      const entry = workflows.get(id);
      if (!entry) {
        const hint = workflows.suggest(id);
        throw new ConfigChangeError('not_found', `unknown workflow "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; \`atelier workflow list\` shows every workflow`);
      }
      await exportFile(entry.source.file, flags.output, flags.force, `workflow "${id}"`);
    }),
  );

  withLayerOptions(
    workflow
      .command('import')
      .description('validate a workflow file and copy it into your user (or project) layer')
      .argument('[id]', 'the workflow id (default: the file name)')
      .requiredOption('--input <file>', 'the workflow file to import')
      .option('--force', 'replace a workflow of this id in the layer'),
    true,
  ).action(
    configAction(async (given: string | undefined, flags: WriteFlags & { input: string }) => {
      const input = resolve(flags.input);
      const text = await readInput(input);
      const id = given ?? fileId(input);
      const layer = writeLayer(flags);
      const plan = await planWorkflowWrite(configLocations(flags), { id, layer, text, sourceFile: input, mode: 'import', force: flags.force });
      await writeFileAtomic(plan.file, plan.text);
      process.stdout.write(`imported workflow "${id}" into the ${layer} layer: ${plan.file}\n`);
      printNotes(plan.notes);
    }),
  );

  withLayerOptions(
    workflow.command('delete').description('delete a workflow file from your user or project layer (built-in ones cannot be deleted)').argument('<id>'),
    true,
  ).action(
    configAction(async (id: string, flags: LayerFlags) => {
      const layer = flags.user || flags.project !== undefined ? writeLayer(flags) : undefined;
      const plan = await planWorkflowDelete(configLocations(flags), { id, layer });
      await rm(plan.file);
      process.stdout.write(`deleted workflow "${id}" from the ${plan.layer} layer: ${plan.file}\n`);
      printNotes(plan.notes);
    }),
  );
}

async function byId(locations: ConfigLocations, id: string): Promise<{ compiled: CompiledWorkflow; source: string }> {
  const { entry, compiled } = await compileWorkflowById(locations, id);
  return { compiled, source: `${entry.source.layer} (${entry.source.file})` };
}

function printWorkflow(workflow: CompiledWorkflow, source: string): void {
  const out = [`${workflow.id} — ${workflow.name}`, `source: ${source}`];
  if (workflow.description) out.push(`description: ${workflow.description}`);
  out.push(`${workflow.stages.length} stages in ${workflow.waves.length} waves (stages in one wave can run in parallel):`, '', workflowOutline(workflow));
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The active workflow: atelier.config.yml's `workflow:` (project over user), else the default. */
async function activeWorkflow(locations: ConfigLocations): Promise<string> {
  try {
    return (await loadAppConfig(configFiles(locations))).workflow ?? DEFAULT_WORKFLOW;
  } catch {
    return DEFAULT_WORKFLOW;
  }
}
