export { ConfigError, ConfigErrors, configProblems, formatConfigIssue, formatFieldPath, type ConfigIssue } from './config-error.js';
export { locateNode, parseYaml, readYamlFile, yamlLocator, zodIssuesToConfigErrors } from './yaml-file.js';
export type { NodePosition, YamlLocator, YamlSource } from './yaml-file.js';
export {
  contextSizeTokens,
  ID_PATTERN,
  ROLE_BEHAVIOURS,
  roleSchema,
  type ContextSize,
  type RoleBehaviour,
  type RoleDefinition,
  type RoleFile,
} from './role-schema.js';
export { stageSchema, stagesSchema, workflowSchema, type StageDefinition, type WorkflowDefinition } from './workflow-schema.js';
export { fileId, loadRoleFile, loadStagesFile, loadWorkflowFile, type LoadedRole, type LoadedWorkflow } from './load-workflow.js';
export { layersInOrder, listYamlFiles, type ConfigLayer, type ConfigSource, type LayerDirs } from './config-layers.js';
export { createRoleRegistry, loadRoleRegistry, type RoleEntry, type RoleRegistry } from './role-registry.js';
export { loadWorkflowRegistry, type WorkflowEntry, type WorkflowRegistry } from './workflow-registry.js';
export {
  compileWorkflow,
  DEFAULT_STAGE_RETRIES,
  outputKind,
  USER_IDEA,
  type CompiledStage,
  type CompiledWorkflow,
  type CompileOptions,
  type LoadedWorkflowLike,
} from './compile-workflow.js';
export { findCycles } from './workflow-graph.js';
export { closestName, editDistance } from './suggest.js';
export { builtinRolesDir, builtinWorkflowsDir, packageRoot } from './builtin-dirs.js';
export { appConfigFiles, appConfigSchema, APP_CONFIG_FILE, loadAppConfig, mergeAppConfig, readAppConfigFile, type AppConfig, type AppConfigFiles } from './app-config.js';
