import type { Command } from 'commander';
import { ConfigChangeError, layerDirs, loadTemplateRegistry, loadWorkflowRegistry, templateBrief } from '../../config/index.js';
import { configAction, configLocations, withLayerOptions, type LayerFlags } from './config-command.js';
import { layeredItemCommands } from './layered-item-commands.js';
import { GROUP_DESCRIPTIONS } from './command-groups.js';

// Templates are only listed and shown here; they have no planners, so no create, import, export or delete.
const templateItems = layeredItemCommands({
  kind: 'template',
  folder: 'templates',
  loadRegistry: loadTemplateRegistry,
  displayName: (entry) => entry.definition.name,
  listNotes: (entry) => [`workflow ${entry.definition.workflow}`],
});

export function registerTemplateCommand(program: Command): void {
  const template = program
    .command('template')
    .description(GROUP_DESCRIPTIONS.template)
    .addHelpText('after', `\nTemplates are YAML files in templates/ (built in), <user config>/templates and <project>/.atelier/templates.\n\nExamples:\n  atelier template list\n  atelier template show cli_tool`);

  templateItems.addList(template, 'every template: id, name, layer, workflow');

  withLayerOptions(template.command('show').description('print a template and the brief the product manager and architect receive').argument('<id>'), false).action(
    configAction(async (id: string, flags: LayerFlags) => {
      const locations = configLocations(flags);
      const templates = await loadTemplateRegistry(layerDirs(locations, 'templates'));
      const entry = templates.get(id);
      if (!entry) {
        const hint = templates.suggest(id);
        throw new ConfigChangeError('not_found', `unknown template "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; known templates: ${templates.list().map((t) => t.id).join(', ')}`);
      }
      const workflows = await loadWorkflowRegistry(layerDirs(locations, 'workflows'));
      const workflowNote = workflows.get(entry.definition.workflow) ? '' : '  (warning: no such workflow in this project)';
      const out = [
        `${entry.id} — ${entry.definition.name}`,
        `source: ${entry.source.layer} (${entry.source.file})`,
        `workflow: ${entry.definition.workflow}${workflowNote}`,
        provenLine(entry.definition.proven_by, entry.definition.stack.runtime),
        '',
        templateBrief(entry.definition).trimEnd(),
      ];
      process.stdout.write(`${out.join('\n')}\n`);
    }),
  );
}

/** Whether Atelier's own suite builds this stack end to end, said before a user relies on it. */
function provenLine(scenarios: string[] | undefined, runtime: string): string {
  if (scenarios && scenarios.length > 0) return `proven: end to end in Atelier's suite by the scripted scenario${scenarios.length > 1 ? 's' : ''} ${scenarios.join(', ')} (\`atelier demo --list\`)`;
  return `not proven: no scripted scenario in Atelier's suite builds this stack (${runtime}) end to end yet; the pipeline runs its generic checks, so watch the first run closely`;
}
