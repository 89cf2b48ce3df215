import type { Command } from 'commander';
import { registerChangeCommands } from './change-commands.js';
import { registerConfirmCommands } from './confirm-commands.js';
import { registerExportCommands } from './export-commands.js';
import { registerInspectCommands } from './inspect-commands.js';
import { type ApplierDeps, defaultDeps, EXIT_CODES } from './options.js';
import { registerServiceCommands } from './service-commands.js';
import { registerWatchCommand } from './watch-command.js';

// Re-exported so callers that inject their own deps need one import.
export type { ApplierDeps } from './options.js';

const DOCUMENTED = ['plan', 'apply', 'verify', 'status', 'remove', 'confirm', 'watch'];

/** Registers plan, apply, verify, status, remove, confirm, export, service, watch and the hidden rollback; each is a thin layer over the public API (applier/index.ts). */
export function registerApplierCommands(program: Command, deps: ApplierDeps = defaultDeps): void {
  registerChangeCommands(program, deps);
  registerInspectCommands(program, deps);
  registerConfirmCommands(program, deps);
  registerExportCommands(program, deps);
  registerServiceCommands(program, deps);
  registerWatchCommand(program, deps);
  for (const command of program.commands) {
    if (DOCUMENTED.includes(command.name())) command.addHelpText('after', EXIT_CODES);
  }
}
