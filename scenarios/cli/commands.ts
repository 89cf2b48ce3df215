import type { Command } from 'commander';
import { registerDemoCommand } from './demo-command.js';
import { registerTestCommand } from './test-command.js';

/** Registers the scenario commands (`demo`, `test`) on the composed CLI; the scenario suite adds its own here. */
export function registerScenarioCommands(program: Command): void {
  registerDemoCommand(program);
  registerTestCommand(program);
}
