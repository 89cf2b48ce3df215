import { setTimeout as sleep } from 'node:timers/promises';
import { type Command, Option } from 'commander';
import { MultihomeError } from '../errors.js';
import {
  applyHost,
  confirmHost,
  loadConfigFor,
  planHost,
  removeHost,
  rollbackPending,
  statusHasDrift,
  statusHost,
  verifyHost,
} from '../facade.js';
import { planJson, renderPlan } from '../plan/render.js';
import { renderStatus, renderVerify, stdoutHasColor } from './render-report.js';
import { parseSeconds, runnerFor } from './runner-for.js';
import { type RollbackSpawner, spawnRollback } from './spawn-rollback.js';

/** What the commands need from the outside world; tests pass their own. */
export type ApplierDeps = { readonly spawnRollback: RollbackSpawner; readonly print: (text: string) => void };

const defaults: ApplierDeps = { spawnRollback, print: (text) => process.stdout.write(`${text}\n`) };

type Common = { netns?: string; json?: boolean; config?: string };

/** Registers plan, apply, verify, status, remove, confirm and the hidden rollback; each is a thin layer over the facade. */
export function registerApplierCommands(program: Command, deps: ApplierDeps = defaults): void {
  const { print } = deps;
  const json = (value: unknown) => print(JSON.stringify(value, null, 2));
  const netns = new Option('--netns <name>', 'act inside this named network namespace (ip netns)');
  const jsonOption = new Option('--json', 'print the result as JSON');
  const config = new Option('-c, --config <file>', 'multihome config file (YAML)');

  program
    .command('plan')
    .description('Print the changes apply would make (reads only). --json prints {"changes": [...]}.')
    .addOption(config.makeOptionMandatory())
    .addOption(jsonOption)
    .addOption(netns)
    .action(async (options: Common & { config: string }) => {
      const runner = runnerFor(options.netns);
      const { config: loaded, changes } = await planHost(runner, options.config);
      if (options.json) json(planJson(changes));
      else print(renderPlan(changes, { color: stdoutHasColor(), file: loaded.file }));
    });

  program
    .command('apply')
    .description(
      'Make the host match the config, as one transaction: on failure everything is put back (exit 1).\n' +
        'With --confirm N it rolls back by itself after N seconds unless `multihome confirm` comes first.',
    )
    .addOption(new Option('-c, --config <file>', 'multihome config file (YAML)').makeOptionMandatory())
    .addOption(new Option('--json', 'print {"changes": [...]} with the changes made'))
    .addOption(new Option('--confirm <seconds>', 'roll back unless confirmed within this many seconds'))
    .addOption(new Option('--netns <name>', 'act inside this named network namespace (ip netns)'))
    .action(async (options: Common & { config: string; confirm?: string }) => {
      const confirmSeconds =
        options.confirm === undefined ? undefined : parseSeconds('--confirm', options.confirm);
      const runner = runnerFor(options.netns);
      const loaded = await loadConfigFor(runner, options.config);
      const result = await applyHost(runner, loaded, confirmSeconds === undefined ? {} : { confirmSeconds });
      if (result.pending) deps.spawnRollback(result.pending.id, result.pending.seconds, options.netns);
      if (options.json)
        return json({ ...planJson(result.changes), ...(result.pending ? { pending: result.pending } : {}) });
      print(renderPlan(result.changes, { color: stdoutHasColor(), file: loaded.file }));
      if (result.changes.length > 0) print(`Applied ${result.changes.length} change(s).`);
      if (result.pending) {
        print(
          `Rolls back in ${result.pending.seconds}s unless \`multihome confirm\` comes first (apply ${result.pending.id}).`,
        );
      }
    });

  program
    .command('verify')
    .description(
      "Ask the kernel where each uplink's replies go (ip route get). Exit 0 when all agree, 1 otherwise.",
    )
    .addOption(new Option('-c, --config <file>', 'multihome config file (YAML)').makeOptionMandatory())
    .addOption(new Option('--json', 'print {ok, uplinks: [...]}'))
    .addOption(new Option('--netns <name>', 'act inside this named network namespace (ip netns)'))
    .action(async (options: Common & { config: string }) => {
      const runner = runnerFor(options.netns);
      const report = await verifyHost(runner, await loadConfigFor(runner, options.config));
      if (options.json) json(report);
      else print(renderVerify(report));
      if (!report.ok) {
        const bad = report.uplinks.filter((uplink) => !uplink.ok).map((uplink) => uplink.name);
        throw new MultihomeError(
          'VERIFY_FAILED',
          `verify: replies of ${bad.join(', ')} do not leave through their uplink`,
          {
            source: 'system',
          },
        );
      }
    });

  program
    .command('status')
    .description(
      'Show what multihome owns here and any drift from the last applied file. Exit 0 without drift, 1 with drift.',
    )
    .addOption(new Option('--json', 'print the report as JSON'))
    .addOption(new Option('--netns <name>', 'act inside this named network namespace (ip netns)'))
    .action(async (options: Common) => {
      const report = await statusHost(runnerFor(options.netns));
      if (options.json) json(report);
      else print(renderStatus(report));
      if (statusHasDrift(report)) {
        throw new MultihomeError(
          'VERIFY_FAILED',
          `status: drift found (${report.drift.length} change(s) to repair); \`multihome apply\` repairs it`,
          {
            source: 'system',
          },
        );
      }
    });

  program
    .command('remove')
    .description(
      'Take away everything multihome added, restore changed sysctls and displaced default routes.',
    )
    .addOption(new Option('-c, --config <file>', 'config to go by when the ledger is gone (optional)'))
    .addOption(new Option('--json', 'print {"changes": [...]} with the changes made'))
    .addOption(new Option('--netns <name>', 'act inside this named network namespace (ip netns)'))
    .action(async (options: Common) => {
      const runner = runnerFor(options.netns);
      const loaded = options.config === undefined ? undefined : await loadConfigFor(runner, options.config);
      const result = await removeHost(runner, loaded);
      if (options.json) return json(planJson(result.changes));
      if (result.changes.length === 0) return print('Nothing to remove: multihome owns nothing here.');
      print(renderPlan(result.changes, { color: stdoutHasColor() }));
      print(`Removed: ${result.changes.length} change(s).`);
    });

  program
    .command('confirm')
    .description(
      'Keep the changes of a pending `apply --confirm`. Exit 1 when nothing is pending or it already rolled back.',
    )
    .addOption(new Option('--netns <name>', 'act inside this named network namespace (ip netns)'))
    .action(async (options: Common) => {
      const { id } = await confirmHost(runnerFor(options.netns));
      print(`Confirmed apply ${id}; it stays.`);
    });

  program
    .command('rollback', { hidden: true })
    .description('(internal) wait, then roll a pending `apply --confirm` back unless it was confirmed')
    .requiredOption('--pending <id>', 'the pending apply')
    .requiredOption('--after <seconds>', 'how long to wait')
    .addOption(new Option('--netns <name>', 'act inside this named network namespace (ip netns)'))
    .action(async (options: { pending: string; after: string; netns?: string }) => {
      const seconds = parseSeconds('--after', options.after);
      const outcome = await rollbackPending(runnerFor(options.netns), options.pending, () =>
        sleep(seconds * 1000),
      );
      print(outcome.outcome === 'confirmed' ? 'Confirmed in time; nothing rolled back.' : 'Rolled back.');
    });
}
