import type { Command } from 'commander';
import { ConfigChangeError, layerDirs, loadTemplateRegistry, loadWorkflowRegistry, sourcesById, templateBrief } from '../../config/index.js';
import { configAction, configLocations, printTable, withLayerOptions, type LayerFlags } from './config-command.js';

export function registerTemplateCommand(program: Command): void {
  const template = program
    .command('template')
    .description('project templates: the stack, features, architecture and workflow a project starts from')
    .addHelpText('after', `\nTemplates are YAML files in templates/ (built in), <user config>/templates and <project>/.atelier/templates.\n\nExamples:\n  atelier template list\n  atelier template show cli_tool`);

  withLayerOptions(template.command('list').description('every template: id, name, layer, workflow'), false).action(
    configAction(async (flags: LayerFlags) => {
      const dirs = layerDirs(configLocations(flags), 'templates');
      const templates = await loadTemplateRegistry(dirs);
      const sources = await sourcesById(dirs);
      const rows = templates.list().map((entry) => {
        const hidden = (sources.get(entry.id) ?? []).slice(0, -1).map((s) => s.layer).reverse();
        const notes = [`workflow ${entry.definition.workflow}`, hidden.length > 0 ? `overrides ${hidden.join(', ')}` : ''].filter((n) => n !== '');
        return [entry.id, entry.definition.name, entry.source.layer, notes.join(', ')];
      });
      printTable(['ID', 'NAME', 'LAYER', ''], rows);
    }),
  );

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
        '',
        templateBrief(entry.definition).trimEnd(),
      ];
      process.stdout.write(`${out.join('\n')}\n`);
    }),
  );
}
