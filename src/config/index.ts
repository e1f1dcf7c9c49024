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
export { fileId, loadRoleFile, loadStagesFile, loadWorkflowFile, roleFromSource, workflowFromSource, type LoadedRole, type LoadedWorkflow } from './load-workflow.js';
export { fileForId, layerLabel, layersInOrder, listYamlFiles, sourcesById, type ConfigLayer, type ConfigSource, type LayerChange, type LayerDirs } from './config-layers.js';
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
export { builtinRolesDir, builtinTemplatesDir, builtinWorkflowsDir, packageRoot } from './builtin-dirs.js';
export { appConfigFiles, appConfigSchema, APP_CONFIG_FILE, loadAppConfig, mergeAppConfig, readAppConfigFile, type AppConfig, type AppConfigFiles } from './app-config.js';
export { configEntries, getConfigValue, parseConfigValue, planConfigSet, type ConfigEntry, type ConfigOrigin } from './app-config-edit.js';
export { parseConfigKey } from './app-config-keys.js';
export { writeFileAtomic } from './atomic-write.js';
export { describeBroken, workflowsBrokenBy, type BrokenWorkflow } from './broken-workflows.js';
export { brokenRoleInUse, brokenRoleProblems, brokenRoleWarning, describeBrokenRole, type BrokenRole } from './broken-roles.js';
export { ConfigChangeError, ConfigKeyNotSetError, type ConfigChangeReason } from './config-change-error.js';
export { assertValidId } from './config-id.js';
export { configFiles, layerDir, layerDirs, type ConfigKind, type ConfigLocations, type WritableLayer } from './config-locations.js';
export { pickLayerSource, type PlannedDelete, type PlannedWrite } from './planned-change.js';
export { planRoleDelete, planRoleWrite, type RoleDeleteRequest, type RoleWriteRequest } from './role-changes.js';
export { collectList, collectRepeated, roleFileFromOptions, type RoleOptions } from './role-options.js';
export { displayNameFromId, serializeRole } from './role-yaml.js';
export { templateBrief } from './template-brief.js';
export { loadTemplateFile, loadTemplateRegistry, type TemplateEntry, type TemplateRegistry } from './template-registry.js';
export { templateSchema, type TemplateDefinition } from './template-schema.js';
export { checkWorkflowFile, compileWorkflowById, planWorkflowDelete, planWorkflowWrite, workflowTextFromStagesFile, type WorkflowDeleteRequest, type WorkflowWriteRequest } from './workflow-changes.js';
export { workflowMermaid, workflowOutline } from './workflow-diagram.js';
export { workflowTextFromStages } from './workflow-yaml.js';
