import type { Command } from 'commander';
import { registerConfigCommand } from './config-command.js';
import { registerRoleCommand } from './role-command.js';
import { registerTemplateCommand } from './template-command.js';
import { registerWorkflowCommand } from './workflow-command.js';

/** `atelier role|workflow|config|template`: the configuration a user manages without touching the source. */
export function registerConfigCommands(program: Command): void {
  registerRoleCommand(program);
  registerWorkflowCommand(program);
  registerConfigCommand(program);
  registerTemplateCommand(program);
}
