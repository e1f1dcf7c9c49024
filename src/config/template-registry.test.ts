import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemos } from '../cli/commands/demo-command.js';
import { builtinTemplatesDir, builtinWorkflowsDir } from './builtin-dirs.js';
import { configProblems } from './config-error.js';
import { layerDirs } from './config-locations.js';
import { templateBrief } from './template-brief.js';
import { loadTemplateRegistry } from './template-registry.js';
import { put, tempLocations } from './temp-locations.test-support.js';
import { loadWorkflowRegistry } from './workflow-registry.js';

const TEMPLATE = (name: string) => `name: ${name}\ndescription: A tool.\nstack:\n  language: Go\n  runtime: Go 1.22\nfeatures: [fast start]\narchitecture: one binary\nworkflow: standard\n`;

describe('built-in templates', () => {
  it('are the seven of the plan, each complete, warning-free, on a workflow that exists', async () => {
    const templates = await loadTemplateRegistry({ builtinDir: builtinTemplatesDir() });
    const workflows = await loadWorkflowRegistry({ builtinDir: builtinWorkflowsDir() });
    expect(templates.list().map((t) => t.id)).toEqual(['cli_tool', 'library', 'ml_pipeline', 'mobile_app', 'rest_api', 'saas_app', 'web_game']);
    for (const template of templates.list()) {
      expect(template.warnings, template.id).toEqual([]);
      expect(workflows.get(template.definition.workflow), template.id).toBeDefined();
      expect(template.definition.features.length, template.id).toBeGreaterThanOrEqual(5);
      expect(template.definition.stack.frameworks.length, template.id).toBeGreaterThan(0);
      expect(template.definition.idea_hints?.length, template.id).toBeGreaterThan(0);
    }
  });

  it('say which recorded demo proves their stack, naming only demos that exist; none does yet', async () => {
    const templates = await loadTemplateRegistry({ builtinDir: builtinTemplatesDir() });
    const demos = new Set((await loadDemos()).demos.map((demo) => demo.name));
    for (const template of templates.list()) for (const name of template.definition.proven_by ?? []) expect(demos, `${template.id} names ${name}`).toContain(name);
    expect(templates.get('mobile_app')?.definition.proven_by ?? []).toEqual([]);
    expect(templates.get('ml_pipeline')?.definition.proven_by ?? []).toEqual([]);
    // The demos build close stacks (a JavaScript CLI, a TypeScript service on node:http), not these templates' own.
    expect(templates.list().filter((t) => (t.definition.proven_by ?? []).length > 0).map((t) => t.id)).toEqual([]);
  });
});

describe('loadTemplateRegistry', () => {
  it('layers templates like roles: project over user over built-in', async () => {
    const locations = await tempLocations();
    const user = await put(join(locations.userConfigDir, 'templates', 'cli_tool.yml'), TEMPLATE('User CLI'));
    await put(join(locations.userConfigDir, 'templates', 'go_service.yml'), TEMPLATE('Go service'));
    const project = await put(join(locations.projectStateDir, 'templates', 'go_service.yml'), TEMPLATE('Project Go service'));
    const templates = await loadTemplateRegistry(layerDirs(locations, 'templates'));
    expect(templates.get('cli_tool')?.source).toEqual({ layer: 'user', file: user });
    expect(templates.get('go_service')).toMatchObject({ source: { layer: 'project', file: project }, definition: { name: 'Project Go service' } });
    expect(templates.get('rest_api')?.source.layer).toBe('builtin');
    expect(templates.suggest('cli_tol')).toBe('cli_tool');
  });

  it('names the file, line and field of a broken template', async () => {
    const locations = await tempLocations();
    await put(join(locations.userConfigDir, 'templates', 'bad.yml'), TEMPLATE('Bad').replace('features: [fast start]', 'features: []').replace('workflow: standard', 'workflow: Standard'));
    const error = await loadTemplateRegistry(layerDirs(locations, 'templates')).catch((e: unknown) => e);
    expect(configProblems(error)?.map((e) => e.message)).toEqual([
      expect.stringMatching(/bad\.yml:6:1: features: list at least one feature$/),
      expect.stringMatching(/bad\.yml:8:1: workflow: workflow must be a workflow id/),
    ]);
  });
});

describe('templateBrief', () => {
  it('is a Markdown section with the stack, features, architecture and hints', async () => {
    const cli = (await loadTemplateRegistry({ builtinDir: builtinTemplatesDir() })).get('cli_tool');
    if (!cli) throw new Error('cli_tool is missing');
    const brief = templateBrief(cli.definition);
    expect(brief.startsWith('# Project template: CLI tool\n\nA command-line program')).toBe(true);
    expect(brief).toContain('\nStack: TypeScript on Node.js 20; frameworks and libraries: commander, vitest.\n');
    expect(brief).toContain('\nFeatures to include:\n- Subcommands with --help text and examples for each\n');
    expect(brief).toMatch(/\nArchitecture: A thin bin entry .* \(temporary file, rename\)\.\n/);
    expect(brief).toContain('\nWhere the idea does not say, decide and state:\n- Which subcommands, and what each prints\n');
    expect(brief.endsWith('The idea itself wins wherever it differs from this template.\n')).toBe(true);
  });
});
