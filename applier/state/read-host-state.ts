import { CommandError } from '../errors.js';
import type { Family } from '../model/config.js';
import {
  MAIN_TABLE,
  MULTIHOME_PROTOCOL,
  NFT_FAMILY,
  NFT_TABLE,
  RESERVED_TABLES,
} from '../model/constants.js';
import { hasProtocol } from '../model/identity.js';
import type { HostState, Route, Rule } from '../model/types.js';
import type { CommandResult, CommandRunner } from '../runner/command-runner.js';
import type { ShellCommand } from '../runner/shell-text.js';
import { parseAddresses } from './parse-addresses.js';
import { isAbsentTable, parseNftTable } from './parse-nft.js';
import { parseRoutes } from './parse-routes.js';
import { parseRules } from './parse-rules.js';
import { parseSysctls, SYSCTL_READ_ARGV } from './read-sysctls.js';

/** The argv of every read, exported so fakes and fixtures use exactly what the reader runs. */
export const STATE_COMMANDS = {
  routes4: ['ip', '-json', '-N', '-4', 'route', 'show', 'table', 'all'],
  routes6: ['ip', '-json', '-N', '-6', 'route', 'show', 'table', 'all'],
  rules4: ['ip', '-json', '-N', '-4', 'rule', 'show'],
  rules6: ['ip', '-json', '-N', '-6', 'rule', 'show'],
  addresses: ['ip', '-json', '-N', 'addr', 'show'],
  nft: ['nft', '-j', 'list', 'table', NFT_FAMILY, NFT_TABLE],
  sysctls: SYSCTL_READ_ARGV,
} as const satisfies Record<string, readonly string[]>;

/** The names of `STATE_COMMANDS` in the order their results are handed to `hostStateFrom`. */
export const STATE_ORDER = ['routes4', 'routes6', 'rules4', 'rules6', 'addresses', 'nft', 'sysctls'] as const;

/** One of the reads `hostStateFrom` takes. */
export type StateName = (typeof STATE_ORDER)[number];

/** A command that answers one or more reads, in the order of `names`. */
export type StateBatch = { readonly command: ShellCommand; readonly names: readonly StateName[] };

// The same reads as STATE_COMMANDS; routes and rules of one family share an `ip -batch` process.
const familyBatch = (family: Family, names: readonly StateName[]): StateBatch => ({
  command: {
    argv: ['ip', '-json', '-N', `-${family}`, '-batch', '-'],
    input: 'route show table all\nrule show\n',
  },
  names,
});

/**
 * The reads of STATE_COMMANDS as five processes instead of seven, for `readHost`, which runs them
 * in one `sh`: a process it need not start is the cheapest part of an apply to save.
 */
export const STATE_BATCHES: readonly StateBatch[] = [
  familyBatch(4, ['routes4', 'rules4']),
  familyBatch(6, ['routes6', 'rules6']),
  { command: { argv: STATE_COMMANDS.addresses }, names: ['addresses'] },
  { command: { argv: STATE_COMMANDS.nft }, names: ['nft'] },
  { command: { argv: STATE_COMMANDS.sysctls }, names: ['sysctls'] },
];

/**
 * One result per read, in STATE_ORDER, from the results of STATE_BATCHES. `ip -json -batch` prints
 * one line of JSON per command; when it failed, or printed some other number of lines, every read
 * of that batch gets its failure, so `hostStateFrom` reports it (or reads "no IPv6" as empty).
 */
export function unbatchState(results: readonly CommandResult[]): CommandResult[] {
  const byName = new Map<StateName, CommandResult>();
  STATE_BATCHES.forEach(({ command, names }, index) => {
    const result = results[index] ?? { stdout: '', stderr: 'no result', exitCode: 1 };
    if (names.length === 1 || result.exitCode !== 0) {
      for (const name of names) byName.set(name, result);
      return;
    }
    const lines = result.stdout.split('\n');
    if (lines.at(-1) === '') lines.pop();
    names.forEach((name, line) => {
      byName.set(
        name,
        lines.length === names.length
          ? { stdout: lines[line] ?? '', stderr: result.stderr, exitCode: 0 }
          : {
              stdout: result.stdout,
              stderr: `\`${command.argv.join(' ')}\` printed ${lines.length} lines for ${names.length} commands`,
              exitCode: 1,
            },
      );
    });
  });
  return STATE_ORDER.map(
    (name) => byName.get(name) ?? { stdout: '', stderr: `no result for ${name}`, exitCode: 1 },
  );
}

/**
 * Reads what the planner needs from the kernel, as JSON only, in seven commands run at once. An
 * absent nft table (or no nft at all) reads as null; a host without IPv6 reads as no IPv6 objects.
 */
export async function readHostState(runner: CommandRunner): Promise<HostState> {
  const results = await Promise.all(STATE_ORDER.map((name) => runner.run(STATE_COMMANDS[name])));
  return hostStateFrom(runner.where, results);
}

/** The state from the results of `STATE_COMMANDS` in `STATE_ORDER`, however they were run. */
export function hostStateFrom(where: string, results: readonly CommandResult[]): HostState {
  const [routes4, routes6, rules4, rules6, addresses, nft, sysctls] = STATE_ORDER.map(
    (name, index): CommandResult =>
      results[index] ?? { stdout: '', stderr: `no result for ${name}`, exitCode: 1 },
  ) as [
    CommandResult,
    CommandResult,
    CommandResult,
    CommandResult,
    CommandResult,
    CommandResult,
    CommandResult,
  ];
  const routes = [
    ...parseRoutes(must(where, STATE_COMMANDS.routes4, routes4, 4), 4),
    ...parseRoutes(must(where, STATE_COMMANDS.routes6, routes6, 6), 6),
  ];
  const rules = [
    ...parseRules(must(where, STATE_COMMANDS.rules4, rules4, 4), 4),
    ...parseRules(must(where, STATE_COMMANDS.rules6, rules6, 6), 6),
  ];
  const links = parseAddresses(must(where, STATE_COMMANDS.addresses, addresses, 4));
  return {
    ownedRoutes: routes.filter(owned),
    mainDefaults: routes.filter((route) => route.table === MAIN_TABLE && route.dst === 'default'),
    ownedRules: rules.filter(owned),
    foreignTables: foreignTables(routes, rules),
    addresses: links.addresses,
    interfaces: links.interfaces,
    nftTable: readNft(where, nft),
    sysctls: parseSysctls(must(where, STATE_COMMANDS.sysctls, sysctls, 4)),
  };
}

function owned(object: Route | Rule): boolean {
  return hasProtocol(object, MULTIHOME_PROTOCOL);
}

function foreignTables(routes: readonly Route[], rules: readonly Rule[]): number[] {
  const tables = new Set<number>();
  for (const object of [...routes, ...rules]) {
    if (owned(object) || object.table === 0 || RESERVED_TABLES.includes(object.table)) continue;
    tables.add(object.table);
  }
  return [...tables].sort((a, b) => a - b);
}

function readNft(where: string, result: CommandResult): HostState['nftTable'] {
  if (result.exitCode === 0) return parseNftTable(result.stdout);
  if (isAbsentTable(result.exitCode, result.stderr)) return null;
  throw new CommandError(STATE_COMMANDS.nft, result.exitCode, result.stderr, where);
}

function must(where: string, argv: readonly string[], result: CommandResult, family: Family): string {
  if (result.exitCode === 0) return result.stdout;
  // A kernel built or booted without IPv6 answers the -6 reads this way: no IPv6 objects, then.
  if (family === 6 && /not supported/i.test(result.stderr)) return '[]';
  throw new CommandError(argv, result.exitCode, result.stderr, where);
}
