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
import { type Command, type CommandResult, type CommandRunner, runList } from '../runner/command-runner.js';
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

/**
 * The reads as one list for `runList`. Each may fail without stopping the rest: an absent nft
 * table and a kernel without IPv6 answer that way, and `hostStateFrom` tells those from errors.
 */
export const STATE_READS: readonly Command[] = STATE_ORDER.map((name) => ({
  argv: STATE_COMMANDS[name],
  mayFail: true,
}));

/**
 * Reads what the planner needs from the kernel, as JSON only: the seven reads of `STATE_READS`, in
 * one `sh` on the real runners. `readHost` reads the same list along with the ledger.
 */
export async function readHostState(runner: CommandRunner): Promise<HostState> {
  return hostStateFrom(runner.where, await runList(runner, STATE_READS));
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
    downInterfaces: links.downInterfaces,
    interfaceIndexes: links.interfaceIndexes,
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
