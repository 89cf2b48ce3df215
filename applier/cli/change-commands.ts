import { type Command, Option } from 'commander';
import {
  applyHost,
  loadConfigWithReadings,
  planHost,
  readHost,
  removeHost,
  settleUnfinished,
  withNamespaceLock,
} from '../index.js';
import { clearDeadLedgers } from '../ledger/dead-ledgers.js';
import type { Config } from '../model/config.js';
import type { HostState } from '../model/types.js';
import { absentUplinks } from '../plan/desired.js';
import { planJson, renderPlan } from '../plan/render.js';
import { withSignalsDeferred } from './defer-signals.js';
import {
  type ApplierDeps,
  absentInterfacesOption,
  type CommonOptions as Common,
  configOption,
  jsonOption,
  netnsOption,
  printJson,
  waitOption,
} from './options.js';
import { stdoutHasColor } from './render-report.js';
import { parseSeconds, parseWait, runnerFor } from './runner-for.js';

/** What `address: auto`/`gateway: auto` resolved to, and which uplinks wait for a lease. */
function autoLines(config: Config): string[] {
  return [
    ...(config.auto?.resolved ?? []).map((r) => `# ${r.uplink}: ${r.field}: auto → ${r.value}`),
    ...(config.auto?.waiting ?? []).map((w) => `# ${w.uplink} ${w.reason}; left out until then`),
  ];
}

/** With `--absent-interfaces wait`: the uplinks whose interface the host lacks, which wait for it. */
function absentLines(config: Config, state: HostState): string[] {
  return absentUplinks(config, state).map(
    (uplink) =>
      `# ${uplink.name}: interface ${uplink.interface} is not on this host; its address and routes wait for it`,
  );
}

/** The same for `--json`, named as `status --json` names them: `"waiting": [{uplink, interface}]`. */
function absentJson(config: Config, state: HostState): { waiting?: { uplink: string; interface: string }[] } {
  const waiting = absentUplinks(config, state).map((uplink) => ({
    uplink: uplink.name,
    interface: uplink.interface,
  }));
  return waiting.length === 0 ? {} : { waiting };
}

function autoJson(config: Config): { auto?: NonNullable<Config['auto']> } {
  return config.auto === undefined ? {} : { auto: config.auto };
}

/** plan, apply and remove: the commands that compute or make changes. */
export function registerChangeCommands(program: Command, deps: ApplierDeps): void {
  const { print } = deps;
  const json = (value: unknown) => printJson(deps, value);

  program
    .command('plan')
    .description('Print the changes apply would make (reads only). --json prints {"changes": [...]}.')
    .addOption(configOption(true))
    .addOption(jsonOption('print {"changes": [...]}'))
    .addOption(netnsOption())
    .addOption(absentInterfacesOption())
    .action(async (options: Common & { config: string }) => {
      const runner = runnerFor(options.netns);
      // The file is checked first: bad input changes nothing, not even an expired --confirm. The
      // host is read once, and again only when something had to be settled.
      const { config, readings } = await loadConfigWithReadings(runner, options.config, undefined, options);
      const settled = await settleUnfinished(runner, readings);
      const { config: loaded, changes } = await planHost(runner, config, settled);
      if (options.json)
        json({ ...planJson(changes), ...autoJson(loaded), ...absentJson(loaded, settled.state) });
      else {
        for (const line of [...autoLines(loaded), ...absentLines(loaded, settled.state)]) print(line);
        print(renderPlan(changes, { color: stdoutHasColor(), file: loaded.file }));
      }
    });

  program
    .command('apply')
    .description(
      'Make the host match the config, as one transaction: on failure everything is put back (exit 1). ' +
        'With --confirm N it rolls back by itself after N seconds unless `multihome confirm` comes first.',
    )
    .addOption(configOption(true))
    .addOption(jsonOption('print {"changes": [...]} with the changes made'))
    .addOption(new Option('--confirm <seconds>', 'roll back unless confirmed within this many seconds'))
    .addOption(netnsOption())
    .addOption(waitOption())
    .addOption(absentInterfacesOption())
    .action(async (options: Common & { config: string; confirm?: string }) => {
      const confirmSeconds =
        options.confirm === undefined ? undefined : parseSeconds('--confirm', options.confirm);
      const runner = runnerFor(options.netns);
      const onPending = (pending: { id: string; seconds: number }) =>
        deps.spawnRollback(pending.id, pending.seconds, options.netns);
      // Under the lock, read once: the config is checked against the state and ledger the apply plans from.
      const { loaded, result, state } = await withNamespaceLock(
        runner,
        async (lock) => {
          const { config: loaded, readings } = await loadConfigWithReadings(
            runner,
            options.config,
            undefined,
            options,
          );
          const result = await withSignalsDeferred(() =>
            applyHost(
              runner,
              loaded,
              confirmSeconds === undefined
                ? { readings, lock }
                : { confirmSeconds, onPending, readings, lock },
            ),
          );
          return { loaded, result, state: readings.state };
        },
        { waitSeconds: parseWait(options.wait) },
      );
      if (options.json)
        return json({
          ...planJson(result.changes),
          ...absentJson(loaded, state),
          ...(result.pending ? { pending: result.pending } : {}),
        });
      for (const line of [...autoLines(loaded), ...absentLines(loaded, state)]) print(line);
      print(renderPlan(result.changes, { color: stdoutHasColor(), file: loaded.file }));
      if (result.changes.length > 0) print(`Applied ${result.changes.length} change(s).`);
      if (result.pending) {
        print(
          `Rolls back in ${result.pending.seconds}s unless \`multihome confirm\` comes first (apply ${result.pending.id}).`,
        );
      }
    });

  program
    .command('remove')
    .description(
      'Take away everything multihome added, restore changed sysctls and displaced default routes.',
    )
    .addOption(configOption(false, 'config to go by when the ledger is gone (optional)'))
    .addOption(jsonOption('print {"changes": [...]} with the changes made'))
    .addOption(netnsOption())
    .addOption(waitOption())
    .addOption(new Option('--stale', 'only clear the ledgers of network namespaces deleted without remove'))
    .action(async (options: Common & { stale?: boolean }) => {
      const runner = runnerFor(options.netns);
      if (options.stale) {
        const cleared = await clearDeadLedgers(runner);
        if (options.json) return json({ cleared });
        return print(
          cleared.length === 0
            ? 'No ledger of a deleted namespace is left over.'
            : `Cleared the ledgers of deleted namespaces ${cleared.join(', ')}.`,
        );
      }
      const result = await withNamespaceLock(
        runner,
        async (lock) => {
          const { config: loaded, readings } =
            options.config === undefined
              ? { config: undefined, readings: await readHost(runner) }
              : await loadConfigWithReadings(runner, options.config);
          return withSignalsDeferred(() => removeHost(runner, loaded, readings, lock));
        },
        { waitSeconds: parseWait(options.wait) },
      );
      const { leftAlone } = result;
      if (options.json)
        return json({ ...planJson(result.changes), ...(leftAlone.length > 0 ? { leftAlone } : {}) });
      for (const sentence of leftAlone) print(`# ${sentence}`);
      if (result.changes.length === 0) return print('Nothing to remove: multihome owns nothing here.');
      print(renderPlan(result.changes, { color: stdoutHasColor() }));
      print(`Removed: ${result.changes.length} change(s).`);
    });
}
