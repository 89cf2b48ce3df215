import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { MultihomeError } from '../errors.js';
import { loadConfigFor, removeHost } from '../index.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { LocalRunner } from '../runner/local-runner.js';
import { cliCommand } from '../service/cli-command.js';
import { renderEntries } from '../service/install-plan.js';
import {
  isInstalled,
  prepareInstall,
  removeEntries,
  requireWritableSystemd,
  writeEntries,
} from '../service/service-host.js';
import { SERVICE_CONFIG, UNIT_NAME } from '../service/service-paths.js';
import { withSignalsDeferred } from './defer-signals.js';
import { type ApplierDeps, configOption } from './options.js';

type InstallOptions = { config: string; watch?: boolean; dryRun?: boolean; root?: string };
type UninstallOptions = { root?: string; dryRun?: boolean };

const rootOption = (action: string) =>
  new Option('--root <dir>', `${action} this tree instead of the running host, as \`systemctl --root\` does`);

/** `service install` and `service uninstall`: multihome as a systemd unit, so it survives a reboot. */
export function registerServiceCommands(program: Command, deps: ApplierDeps): void {
  const service = program
    .command('service')
    .description('Install multihome as a systemd service that applies the config at every boot.');

  service
    .command('install')
    .description(
      `Validate the config, write it to ${SERVICE_CONFIG}, write and enable ${UNIT_NAME}, print what was written.`,
    )
    .addOption(configOption(true))
    .addOption(new Option('--watch', 'run `multihome watch` (restarted on failure) instead of one apply'))
    .addOption(new Option('--dry-run', 'print the files instead of writing them'))
    .addOption(rootOption('install into'))
    .action(async (options: InstallOptions) => {
      const root = resolve(options.root ?? '/');
      const dryRun = options.dryRun === true;
      const entries = prepareInstall(root, {
        config: options.config,
        watch: options.watch === true,
        cli: cliCommand(),
      });
      // On the running host the config must also fit this host (its interfaces), as apply checks it.
      if (root === '/') await loadConfigFor(new LocalRunner(), options.config);
      if (!dryRun) writeEntries(root, entries);
      deps.print(renderEntries(entries, root, dryRun));
      if (root === '/' && !dryRun) deps.print(await reload(new LocalRunner(), ['daemon-reload']));
    });

  service
    .command('uninstall')
    .description(`Stop and disable ${UNIT_NAME}, remove what install wrote, and run \`multihome remove\`.`)
    .addOption(new Option('--dry-run', 'say what would be removed, remove nothing'))
    .addOption(rootOption('uninstall from'))
    .action(async (options: UninstallOptions) => {
      const root = resolve(options.root ?? '/');
      // Checked before a dry run too, so it succeeds only where the real uninstall would.
      requireWritableSystemd(root, 'uninstall');
      if (options.dryRun) {
        return deps.print(isInstalled(root) ? `Would remove ${UNIT_NAME} from ${root}` : 'Not installed.');
      }
      const runner = new LocalRunner();
      // Stopping the unit runs its ExecStop= (remove); a unit that is not there has nothing to stop.
      if (root === '/' && isInstalled(root))
        deps.print(await reload(runner, ['disable', '--now', UNIT_NAME]));
      const removed = removeEntries(root);
      deps.print(
        removed.length === 0 ? 'Not installed.' : removed.map((path) => `Removed ${path}`).join('\n'),
      );
      if (root !== '/')
        return deps.print(`(${root} is not the running host: nothing to remove from its kernel)`);
      deps.print(await reload(runner, ['daemon-reload']));
      const result = await withSignalsDeferred(() => removeHost(runner));
      deps.print(
        result.changes.length === 0
          ? 'Nothing to remove: multihome owns nothing here.'
          : `Removed: ${result.changes.length} change(s).`,
      );
    });
}

// systemctl on the running host; without a running systemd (a container, an image) there is
// nothing to tell, and the unit takes effect at the next boot.
async function reload(runner: CommandRunner, args: readonly string[]): Promise<string> {
  if (!existsSync('/run/systemd/system'))
    return `systemd is not running here: skipped \`systemctl ${args.join(' ')}\``;
  const result = await runner.run(['systemctl', ...args]);
  if (result.exitCode !== 0) {
    throw new MultihomeError('COMMAND_FAILED', `systemctl ${args.join(' ')}: ${result.stderr.trim()}`, {
      source: 'system',
    });
  }
  return `systemctl ${args.join(' ')}: done`;
}
