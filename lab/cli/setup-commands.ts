import { type Command, Option } from 'commander';
import type { CheckItem } from '../../applier/doctor/check-item.js';
import { LAB_RUNTIMES, type LabRuntime } from '../lab-types.js';
import { canRun, doctorItems } from '../runtime/doctor.js';
import { runSetup } from '../setup/run-setup.js';
import type { LabCliIo } from './commands.js';
import { runtimeOption } from './runtime-option.js';

const defaultIo: LabCliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * Registers `multihome doctor` (what the applier and each lab runtime need, ok or missing, with the
 * command that fixes each) and `multihome setup` (provisions what doctor found missing, where safe).
 */
export function registerSetupCommands(program: Command, io: LabCliIo = defaultIo): void {
  program
    .command('doctor')
    .description('check what the applier and each lab runtime need; exit 0 when the runtime can run')
    .addOption(runtimeOption('the lab runtime to check'))
    .option('--json', 'print {items, runtimes} as JSON')
    .action(async (options: { runtime?: LabRuntime; json?: boolean }) => {
      const items = await doctorItems();
      const runnable = Object.fromEntries(LAB_RUNTIMES.map((runtime) => [runtime, canRun(items, runtime)]));
      if (options.json) io.out(JSON.stringify({ items, runtimes: runnable }, null, 2));
      else io.out(renderDoctor(items, runnable));
      const ok =
        options.runtime === undefined ? LAB_RUNTIMES.some((r) => runnable[r]) : runnable[options.runtime];
      if (!ok) process.exitCode = 1;
    });

  program
    .command('setup')
    .description(
      'install and start what doctor found missing (as root on Debian/Ubuntu); else print the commands',
    )
    .addOption(runtimeOption('the lab runtime to provision'))
    .addOption(new Option('--tests', 'also the host tools the test suite uses').hideHelp())
    .addOption(
      new Option(
        '--best-effort',
        'exit 0 even when something stays missing (the test gates decide)',
      ).hideHelp(),
    )
    .action(async (options: { runtime?: LabRuntime; tests?: boolean; bestEffort?: boolean }) => {
      const runtimes = options.runtime === undefined ? LAB_RUNTIMES : [options.runtime];
      const report = await runSetup({ runtimes, tests: options.tests ?? false }, { log: io.err });
      if (!options.bestEffort && report.exitCode !== 0) process.exitCode = report.exitCode;
    });
}

/** The doctor's table: one line per item, then one line per runtime. */
export function renderDoctor(
  items: readonly CheckItem[],
  runnable: Readonly<Record<string, boolean>>,
): string {
  const width = Math.max(...items.map((found) => found.title.length));
  const lines = items.map((found) => {
    const state = found.ok ? 'ok     ' : found.neededBy.length === 0 ? 'absent ' : 'missing';
    const fix = found.ok || found.fix === undefined ? '' : `  → ${found.fix}`;
    return `${state}  ${found.title.padEnd(width)}  ${found.detail}${fix}`;
  });
  const runtimes = Object.entries(runnable).map(
    ([runtime, ok]) => `${runtime} runtime: ${ok ? 'can run' : 'cannot run'}`,
  );
  return [...lines, '', ...runtimes, 'absent = optional; some features need it'].join('\n');
}
