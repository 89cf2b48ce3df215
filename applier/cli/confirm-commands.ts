import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { confirmHost, rollbackPending } from '../index.js';
import { type ApplierDeps, type CommonOptions as Common, netnsOption } from './options.js';
import { parseSeconds, runnerFor } from './runner-for.js';
import { processGone } from './spawn-rollback.js';

/** confirm and the hidden rollback process behind `apply --confirm`. */
export function registerConfirmCommands(program: Command, deps: ApplierDeps): void {
  const { print } = deps;

  program
    .command('confirm')
    .description(
      'Keep the changes of a pending `apply --confirm`. Exit 1 when nothing is pending or it already rolled back.',
    )
    .addOption(netnsOption())
    .action(async (options: Common) => {
      const { id } = await confirmHost(runnerFor(options.netns));
      print(`Confirmed apply ${id}; it stays.`);
    });

  program
    .command('rollback', { hidden: true })
    .description('(internal) wait, then roll a pending `apply --confirm` back unless it was confirmed')
    .requiredOption('--pending <id>', 'the pending apply')
    .requiredOption('--after <seconds>', 'how long to wait')
    .option('--wait-for <pid>', 'the applying process: its end (done or killed) is awaited too')
    .addOption(netnsOption())
    .action(async (options: { pending: string; after: string; waitFor?: string; netns?: string }) => {
      const seconds = parseSeconds('--after', options.after);
      const applier = options.waitFor === undefined ? undefined : Number(options.waitFor);
      const wait = async (signal: AbortSignal) => {
        await sleep(seconds * 1000, undefined, { signal });
        if (applier !== undefined) await processGone(applier, signal);
      };
      const outcome = await rollbackPending(runnerFor(options.netns), options.pending, wait);
      print(outcome.outcome === 'confirmed' ? 'Confirmed in time; nothing rolled back.' : 'Rolled back.');
    });
}
