import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  checkWorkflowFile,
  compileWorkflowById,
  configFiles,
  configProblems,
  formatConfigIssue,
  loadAppConfig,
  loadWorkflowRegistry,
  planConfigSet,
  planWorkflowDelete,
  planWorkflowWrite,
  workflowMermaid,
  workflowOutline,
  workflowTextFromStagesFile,
  writeFileAtomic,
  type CompiledWorkflow,
  type ConfigLocations,
} from '../../config/index.js';
import { configAction, configLocations, failBadInput, readInput, withLayerOptions, writeLayer, type LayerFlags } from './config-command.js';
import { addSubcommand, applyWrite, layeredItemCommands, type CommandPlacement } from './layered-item-commands.js';
import { GROUP_DESCRIPTIONS } from './command-groups.js';

interface WriteFlags extends LayerFlags {
  force?: boolean;
}

/** The workflow `atelier run` uses when neither --workflow nor atelier.config.yml names one. */
const DEFAULT_WORKFLOW = 'standard';

const LIST_DESCRIPTION = 'every workflow: id, name, layer, stages; * marks the active one';

const workflowItems = layeredItemCommands({
  kind: 'workflow',
  folder: 'workflows',
  loadRegistry: loadWorkflowRegistry,
  displayName: (entry) => entry.definition.name,
  listNotes: (entry) => [`${entry.definition.stages.length} stages`],
  activeId: activeWorkflow,
});

export function registerWorkflowCommand(program: Command): void {
  const workflow = program
    .command('workflow')
    .description(GROUP_DESCRIPTIONS.workflow)
    .addHelpText(
      'after',
      `
Examples:
  atelier workflow create security_focused --display-name "Security Focused Workflow" \\
    --description "Security in every stage" --stages-file security_workflow_stages.yml
  atelier workflow set security_focused
  atelier workflow show security_focused --mermaid
  atelier workflow validate my_workflow.yml`,
    );

  workflowItems.addList(workflow, LIST_DESCRIPTION);

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

  addWorkflowCreate(workflow, { name: 'create' });
  addWorkflowSet(workflow, { name: 'set' });

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

  workflowItems.addExport(workflow);
  workflowItems.addImport(workflow, planWorkflowWrite);
  workflowItems.addDelete(workflow, planWorkflowDelete, {
    description: 'delete a workflow file from your user or project layer (built-in ones cannot be deleted)',
  });
}

/** The workflow sub-commands the seed had too, to add again under its names (`create-workflow`, …). */
export const workflowSubcommands = {
  list: (parent: Command, placement: CommandPlacement) => workflowItems.addList(parent, LIST_DESCRIPTION, placement),
  create: addWorkflowCreate,
  set: addWorkflowSet,
  export: (parent: Command, placement: CommandPlacement) => workflowItems.addExport(parent, placement),
  import: (parent: Command, placement: CommandPlacement) => workflowItems.addImport(parent, planWorkflowWrite, placement),
};

function addWorkflowCreate(parent: Command, placement: CommandPlacement): Command {
  return withLayerOptions(
    addSubcommand(parent, placement)
      .description('create a workflow from a stages file (in your user configuration unless --project)')
      .argument('<id>', 'the workflow id, also its file name')
      .requiredOption('--stages-file <file>', 'a YAML list of stages (task, role, input, output), or a workflow file')
      .option('--display-name <name>', 'the workflow name (default: the id)')
      .option('--description <text>', 'what the workflow is for')
      .option('--force', 'replace a workflow of this id in the same layer (a built-in one needs no --force: yours overrides it)'),
    true,
  ).action(
    configAction(async (id: string, flags: WriteFlags & { stagesFile: string; displayName?: string; description?: string }) => {
      const locations = configLocations(flags);
      const stagesFile = resolve(flags.stagesFile);
      await readInput(stagesFile, '--stages-file');
      const text = await workflowTextFromStagesFile(locations, stagesFile, { id, name: flags.displayName, description: flags.description });
      const layer = writeLayer(flags);
      const plan = await planWorkflowWrite(locations, { id, layer, text, sourceFile: stagesFile, mode: 'create', force: flags.force });
      await applyWrite(plan, `created workflow "${id}" in the ${layer} layer`);
    }),
  );
}

function addWorkflowSet(parent: Command, placement: CommandPlacement): Command {
  return withLayerOptions(
    addSubcommand(parent, placement).description('make a workflow the active one (`workflow:` in atelier.config.yml)').argument('<id>'),
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
