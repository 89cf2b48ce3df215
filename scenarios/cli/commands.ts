import type { Command } from 'commander';
import { registerDemoCommand } from './demo-command.js';

/** Registers the scenario commands (`demo`) on the composed CLI; the scenario suite adds its own here. */
export function registerScenarioCommands(program: Command): void {
  registerDemoCommand(program);
}
