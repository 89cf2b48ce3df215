import type { Command } from 'commander';

/** Registers `multihome demo` (filled in by the scenarios work). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('reproduce the wrong-gateway bug, apply the fix, show the proof (not implemented yet)');
}
