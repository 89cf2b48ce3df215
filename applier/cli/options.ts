import { Option } from 'commander';
import { type RollbackSpawner, spawnRollback } from './spawn-rollback.js';

/** What the commands need from the outside world; tests pass their own. */
export type ApplierDeps = { readonly spawnRollback: RollbackSpawner; readonly print: (text: string) => void };

/** The real world: a detached rollback process and stdout. */
export const defaultDeps: ApplierDeps = { spawnRollback, print: (text) => process.stdout.write(`${text}\n`) };

/** Options every applier command may get, as commander hands them over. */
export type CommonOptions = {
  netns?: string;
  json?: boolean;
  config?: string;
  wait?: string;
  absentInterfaces?: 'refuse' | 'wait';
};

/**
 * Shown under each applier command's --help, so the exit codes are documented where they are used.
 * Commander prints it as it is, unwrapped: its lines are broken here to fit 80 columns.
 */
export const EXIT_CODES = `
Exit codes: 0 done; 1 failed at run time (apply/remove put the host back as it
was), or verify disagrees, or status found drift; 2 usage or config error
(nothing was changed).
--netns NAME acts in a named network namespace; running under
\`ip netns exec NAME\` works too.`;

/** `--netns NAME`, on every applier command. */
export const netnsOption = () =>
  new Option('--netns <name>', 'act inside this named network namespace (ip netns)');

/** `--wait SECONDS`: how long to wait for another run's lock on the namespace (default 30). */
export const waitOption = () =>
  new Option('--wait <seconds>', "how long to wait for another multihome run's lock (default 30)");

/**
 * `--absent-interfaces wait|refuse` on plan, apply and verify: whether a config naming an interface the host
 * does not have is refused (a typo, most often) or applied without that uplink's address and routes,
 * which wait for it (the service's apply at boot, before a PPP link or modem is up).
 */
export const absentInterfacesOption = () =>
  new Option(
    '--absent-interfaces <what>',
    "refuse (the default) or wait: an uplink's interface the host lacks waits",
  ).choices(['refuse', 'wait']);

/** `--json` with what it prints. */
export const jsonOption = (what: string) => new Option('--json', what);

/** `-c FILE`, mandatory except for remove. */
export const configOption = (required: boolean, what = 'multihome config file (YAML)') => {
  const option = new Option('-c, --config <file>', what);
  return required ? option.makeOptionMandatory() : option;
};

/** Prints a value as indented JSON. */
export const printJson = (deps: ApplierDeps, value: unknown) => deps.print(JSON.stringify(value, null, 2));
