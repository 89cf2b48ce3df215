import type { Command } from 'commander';
import { MultihomeError } from '../errors.js';
import {
  loadConfigWithReadings,
  settleUnfinished,
  statusHasDrift,
  statusHost,
  verifyHost,
} from '../index.js';
import {
  type ApplierDeps,
  absentInterfacesOption,
  type CommonOptions as Common,
  configOption,
  jsonOption,
  netnsOption,
  printJson,
} from './options.js';
import { renderStatus, renderVerify } from './render-report.js';
import { runnerFor } from './runner-for.js';

/** verify and status: reads only; exit 1 when the kernel disagrees or the host drifted. */
export function registerInspectCommands(program: Command, deps: ApplierDeps): void {
  const { print } = deps;
  const json = (value: unknown) => printJson(deps, value);

  program
    .command('verify')
    .description(
      "Ask the kernel where each uplink's replies go (ip route get). Exit 0 when all agree, 1 otherwise.",
    )
    .addOption(configOption(true))
    .addOption(jsonOption('print {ok, uplinks: [...]}'))
    .addOption(netnsOption())
    .addOption(absentInterfacesOption())
    .action(async (options: Common & { config: string }) => {
      const runner = runnerFor(options.netns);
      const { config, readings } = await loadConfigWithReadings(runner, options.config, undefined, options);
      await settleUnfinished(runner, readings);
      const report = await verifyHost(runner, config);
      if (options.json) json(report);
      else print(renderVerify(report));
      if (!report.ok) {
        const bad = report.uplinks.filter((uplink) => !uplink.ok && !uplink.waiting).map((u) => u.name);
        const waiting = report.uplinks.filter((uplink) => uplink.waiting).map((u) => u.name);
        const wrongDefault = (report.mainDefault ?? [])
          .filter((check) => !check.ok)
          .map((c) => `IPv${c.family}`);
        const what = [
          ...(bad.length > 0 ? [`replies of ${bad.join(', ')} do not leave through their uplink`] : []),
          ...(waiting.length > 0
            ? [
                `${waiting.join(', ')} ${waiting.length === 1 ? 'waits' : 'wait'} for an interface this host does not have`,
              ]
            : []),
          ...(wrongDefault.length > 0
            ? [`the ${wrongDefault.join(' and ')} main default disagrees with the watch's health state`]
            : []),
        ];
        throw new MultihomeError('VERIFY_FAILED', `verify: ${what.join('; ')}`, { source: 'system' });
      }
    });

  program
    .command('status')
    .description(
      'Show what multihome owns here and any drift from the last applied file. Exit 0 without drift, 1 with drift.',
    )
    .addOption(jsonOption('print the report as JSON'))
    .addOption(netnsOption())
    .action(async (options: Common) => {
      const report = await statusHost(runnerFor(options.netns));
      if (options.json) json(report);
      else print(renderStatus(report));
      if (statusHasDrift(report)) {
        throw new MultihomeError('VERIFY_FAILED', driftMessage(report), { source: 'system' });
      }
    });
}

/** Why status exits 1, in words that fit what it found (changes to repair, or objects without a ledger). */
export function driftMessage(report: {
  readonly drift: readonly unknown[];
  readonly orphans: boolean;
  readonly recoveryProblem?: string;
  readonly labelDrift?: readonly unknown[];
}): string {
  const parts: string[] = [];
  if (report.drift.length > 0)
    parts.push(`drift found (${report.drift.length} change(s) to repair); \`multihome apply\` repairs it`);
  if (report.orphans) parts.push('multihome-tagged objects exist without a ledger');
  if (report.recoveryProblem !== undefined)
    parts.push('an unfinished run could not be undone, and its objects were taken into the ledger');
  if ((report.labelDrift?.length ?? 0) > 0) parts.push('an alias label differs from the config');
  return `status: ${parts.join('; ')}`;
}
