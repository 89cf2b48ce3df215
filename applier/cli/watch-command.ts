import type { Command } from 'commander';
import { lineLogger } from '../watch/watch-log.js';
import { Watcher } from '../watch/watcher.js';
import {
  type ApplierDeps,
  type CommonOptions as Common,
  configOption,
  jsonOption,
  netnsOption,
} from './options.js';
import { runnerFor } from './runner-for.js';

/**
 * `multihome watch`: applies, then keeps the host right until SIGTERM. SIGHUP reloads the file (a
 * bad one is refused and the running config kept); SIGTERM and Ctrl-C leave the applied state.
 */
export function registerWatchCommand(program: Command, deps: ApplierDeps): void {
  program
    .command('watch')
    .description(
      'Apply, then keep the host right: repair drift on kernel events, follow DHCP leases, health-check ' +
        'uplinks and move the main default. SIGHUP reloads the file; SIGTERM exits and leaves the state.',
    )
    .addOption(configOption(true))
    .addOption(jsonOption('log one JSON object per line'))
    .addOption(netnsOption())
    .action(async (options: Common & { config: string }) => {
      const log = lineLogger(options.json === true, deps.print);
      const watcher = await Watcher.start(runnerFor(options.netns), options.config, { log });
      const onHup = () => void watcher.reload();
      const onStop = () => void watcher.stop(0);
      process.on('SIGHUP', onHup);
      process.on('SIGTERM', onStop);
      process.on('SIGINT', onStop);
      try {
        process.exitCode = await watcher.done;
      } finally {
        process.off('SIGHUP', onHup);
        process.off('SIGTERM', onStop);
        process.off('SIGINT', onStop);
      }
    });
}
