import type { Command } from 'commander';

/** Filled in by the issue that owns these commands. */
export function registerModelCommands(_program: Command): void {}
