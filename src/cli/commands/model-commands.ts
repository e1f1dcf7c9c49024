import type { Command } from 'commander';
import { registerCostCommand } from './cost-command.js';
import { registerModelsCommand } from './models-command.js';

/** `atelier models update|list|recommend` and `atelier cost [RUN]`. */
export function registerModelCommands(program: Command): void {
  registerModelsCommand(program);
  registerCostCommand(program);
}
