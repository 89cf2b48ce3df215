import type { Command } from 'commander';

/** Registers plan, apply, verify, status, remove and confirm (filled in by the applier work). */
export function registerApplierCommands(program: Command): void {
  for (const name of ['plan', 'apply', 'verify', 'status', 'remove', 'confirm']) {
    program.command(name).description(`${name} (not implemented yet)`);
  }
}
