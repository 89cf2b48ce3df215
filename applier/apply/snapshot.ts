import { CommandError } from '../errors.js';
import { protosPath, tableNamesPath } from '../ledger/paths.js';
import { readRemoteFiles } from '../ledger/remote-file.js';
import { addressBytes } from '../model/address.js';
import type { Family } from '../model/config.js';
import { MAIN_TABLE, NFT_TABLE } from '../model/constants.js';
import type { Address, Change, HostState, Route, Rule } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { mustRun } from '../runner/must-run.js';
import { readSysctlsArgv } from '../state/sysctl-keys.js';
import { canonicalKey, uniqueItems } from './canonical.js';
import { promotedKeys } from './steps.js';

/**
 * Everything an apply may touch, as it was before: enough to put the host back exactly. It is
 * plain JSON, so a pending `--confirm` rollback can store it and a later process restore it.
 */
export type Snapshot = {
  readonly nsid: string;
  /** multihome's routes, plus the main-table default routes of `defaultFamilies`. */
  readonly routes: readonly Route[];
  /**
   * The families whose main default the changes touch. Only there may apply displace a foreign
   * default, so only there is one part of the transaction: a foreign default of another family
   * (the kernel drops IPv6 ones with their addresses on a link flap) is none of its business.
   */
  readonly defaultFamilies: readonly Family[];
  readonly rules: readonly Rule[];
  /** `nft list table inet multihome` output, or null when the table did not exist. */
  readonly nftText: string | null;
  /** Values of every sysctl the changes set. */
  readonly sysctls: Readonly<Record<string, string>>;
  /** Addresses the changes add or delete, and which of them existed. */
  readonly touchedAddresses: readonly Address[];
  readonly addresses: readonly Address[];
  /** Files the apply may write, by path; null when absent. */
  readonly files: Readonly<Record<string, string | null>>;
};

/**
 * The routes a snapshot compares: owned ones, and the main defaults of the families whose main
 * default the changes touch (the only foreign routes apply may displace).
 */
export function snapshotRoutes(state: HostState, defaultFamilies: readonly Family[]): Route[] {
  const defaults = state.mainDefaults.filter((route) => defaultFamilies.includes(route.family));
  return uniqueItems([...state.ownedRoutes, ...defaults]);
}

/** The families in which `changes` add, replace or delete a main-table default route. */
export function mainDefaultFamilies(changes: readonly Change[]): Family[] {
  const families = changes.flatMap((change) =>
    change.kind === 'route' && change.object.table === MAIN_TABLE && change.object.dst === 'default'
      ? [change.object.family]
      : [],
  );
  return [...new Set(families)].sort();
}

/**
 * Reads what the changes may touch; reads only, no side effects. The reads run side by side, and
 * sysctls the state read already holds (rp_filter, src_valid_mark) are taken from it, not read again.
 */
export async function takeSnapshot(
  runner: CommandRunner,
  nsid: string,
  state: HostState,
  changes: readonly Change[],
  filesRead?: Readonly<Record<string, string | null>>,
): Promise<Snapshot> {
  const touchedAddresses = uniqueItems(
    changes.flatMap((change) => (change.kind === 'address' ? [change.object] : [])),
  );
  const touchedKeys = new Set(touchedAddresses.map(addressKey));
  const sysctlKeys = [
    ...new Set([
      ...changes.flatMap((change) => (change.kind === 'sysctl' ? [change.object.key] : [])),
      // Address deletes flip promote_secondaries for a moment: a run killed then must get it back.
      ...promotedKeys(changes),
    ]),
  ];
  const known = sysctlKeys.filter((key) => state.sysctls[key] !== undefined);
  const [files, nftText, unknown] = await Promise.all([
    readSnapshotFiles(runner, nsid, filesRead),
    // The state read just found no multihome table: there is no text to keep.
    state.nftTable === null ? null : readNftText(runner),
    readSysctls(
      runner,
      sysctlKeys.filter((key) => !known.includes(key)),
    ),
  ]);
  const sysctls: Record<string, string> = {};
  for (const key of sysctlKeys) sysctls[key] = state.sysctls[key] ?? unknown[key] ?? '';
  const defaultFamilies = mainDefaultFamilies(changes);
  return {
    nsid,
    routes: snapshotRoutes(state, defaultFamilies),
    defaultFamilies,
    rules: [...state.ownedRules],
    nftText,
    sysctls,
    touchedAddresses,
    addresses: state.addresses.filter((address) => touchedKeys.has(addressKey(address))),
    files,
  };
}

/** The protocol-name and table-names files: as the command read them at its start, or read now. */
async function readSnapshotFiles(
  runner: CommandRunner,
  nsid: string,
  filesRead: Readonly<Record<string, string | null>> | undefined,
): Promise<Record<string, string | null>> {
  const paths = [protosPath(nsid), tableNamesPath(nsid)];
  if (filesRead && paths.every((path) => filesRead[path] !== undefined)) {
    return Object.fromEntries(paths.map((path) => [path, filesRead[path] ?? null]));
  }
  return readRemoteFiles(runner, paths);
}

/** An address's identity, without its label (the kernel keys addresses by interface, address and prefix). */
export function addressKey(address: Address): string {
  return canonicalKey({ i: address.interface, a: addressBytes(address.address), p: address.prefixLength });
}

/** multihome's nft table as reloadable text, or null when it does not exist. */
export async function readNftText(runner: CommandRunner): Promise<string | null> {
  const argv = ['nft', 'list', 'table', 'inet', NFT_TABLE];
  const result = await runner.run(argv);
  if (result.exitCode === 0) return result.stdout;
  if (/No such file or directory|does not exist/i.test(result.stderr)) return null;
  throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
}

/** Current values of the given sysctls, read in one process. */
export async function readSysctls(
  runner: CommandRunner,
  keys: readonly string[],
): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const argv = readSysctlsArgv(keys);
  const values = (await mustRun(runner, argv)).trimEnd().split('\n');
  return Object.fromEntries(keys.map((key, index) => [key, (values[index] ?? '').trim()]));
}
