import { MultihomeError } from '../errors.js';
import { removeFileArgv, writeFileArgv } from '../ledger/remote-file.js';
import type { Family } from '../model/config.js';
import { NFT_TABLE } from '../model/constants.js';
import type { HostState } from '../model/types.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { readHostState } from '../state/read-host-state.js';
import { writeSysctlsArgv } from '../state/sysctl-keys.js';
import { missingFrom } from './canonical.js';
import {
  addressAddLines,
  addressDeleteLines,
  routeAddLines,
  routeDeleteLines,
  ruleAddLines,
  ruleDeleteLines,
} from './ip-lines.js';
import { addressKey, readNftText, readSysctls, type Snapshot, snapshotRoutes } from './snapshot.js';
import { nftReplaceScript, type Step } from './steps.js';

/**
 * Steps that take the host from `state` back to the snapshot, in a safe order: lost addresses
 * come back first (routes may use them as src), then per family extra rules and routes go and the
 * snapshot's come back, then addresses this run added go, then nft, sysctls and files.
 * Batches use `-force` so one stubborn line does not stop the rest; the result is checked after.
 */
export function restoreSteps(
  snapshot: Snapshot,
  state: HostState,
  nftText: string | null,
  files: Readonly<Record<string, string | null>>,
): Step[] {
  const present = new Set(state.addresses.map(addressKey));
  const before = new Set(snapshot.addresses.map(addressKey));
  const lost = snapshot.addresses.filter((address) => !present.has(addressKey(address)));
  const added = snapshot.touchedAddresses.filter(
    (a) => present.has(addressKey(a)) && !before.has(addressKey(a)),
  );
  const routesNow = snapshotRoutes(state, snapshot.defaultFamilies);
  const steps: Step[] = [];
  for (const family of [4, 6] as const) {
    const lines = [
      ...lost.filter((a) => a.family === family).flatMap(addressAddLines),
      ...missingFrom(state.ownedRules, snapshot.rules)
        .filter((r) => r.family === family)
        .flatMap(ruleDeleteLines),
      ...missingFrom(routesNow, snapshot.routes)
        .filter((r) => r.family === family)
        .flatMap(routeDeleteLines),
      ...missingFrom(snapshot.routes, routesNow)
        .filter((r) => r.family === family)
        .flatMap(routeAddLines),
      ...missingFrom(snapshot.rules, state.ownedRules)
        .filter((r) => r.family === family)
        .flatMap(ruleAddLines),
      ...added.filter((a) => a.family === family).flatMap(addressDeleteLines),
    ];
    steps.push(...forceBatch(`restore routes and rules (IPv${family})`, family, lines));
  }
  if (nftText !== snapshot.nftText) {
    steps.push(
      snapshot.nftText === null
        ? { name: 'restore nftables (delete table)', argv: ['nft', 'delete', 'table', 'inet', NFT_TABLE] }
        : {
            name: 'restore nftables table',
            argv: ['nft', '-f', '-'],
            input: nftReplaceScript(snapshot.nftText),
          },
    );
  }
  if (Object.keys(snapshot.sysctls).length > 0)
    steps.push({ name: 'restore sysctls', argv: writeSysctlsArgv(snapshot.sysctls) });
  for (const [path, text] of Object.entries(snapshot.files)) {
    if (files[path] === text) continue;
    steps.push(
      text === null
        ? { name: `remove ${path}`, argv: removeFileArgv(path) }
        : { name: `restore ${path}`, argv: writeFileArgv(path, snapshot.nsid), input: text },
    );
  }
  return steps;
}

function forceBatch(name: string, family: Family, lines: readonly string[]): Step[] {
  if (lines.length === 0) return [];
  return [
    { name, argv: ['ip', `-${family}`, '-force', '-batch', '-'], input: `${lines.join('\n')}\n`, lines },
  ];
}

/** Where the host still differs from the snapshot, in plain words; empty when it is restored. */
export async function differencesFromSnapshot(runner: CommandRunner, snapshot: Snapshot): Promise<string[]> {
  const state = await readHostState(runner);
  const problems: string[] = [];
  const routesNow = snapshotRoutes(state, snapshot.defaultFamilies);
  for (const route of missingFrom(snapshot.routes, routesNow))
    problems.push(`route missing: ${JSON.stringify(route)}`);
  for (const route of missingFrom(routesNow, snapshot.routes))
    problems.push(`route extra: ${JSON.stringify(route)}`);
  for (const rule of missingFrom(snapshot.rules, state.ownedRules))
    problems.push(`rule missing: ${JSON.stringify(rule)}`);
  for (const rule of missingFrom(state.ownedRules, snapshot.rules))
    problems.push(`rule extra: ${JSON.stringify(rule)}`);
  if ((await readNftText(runner)) !== snapshot.nftText)
    problems.push(`nftables table inet ${NFT_TABLE} differs`);
  const sysctls = await readSysctls(runner, Object.keys(snapshot.sysctls));
  for (const [key, value] of Object.entries(snapshot.sysctls)) {
    if (sysctls[key] !== value) problems.push(`sysctl ${key} is ${sysctls[key]}, was ${value}`);
  }
  const present = new Set(state.addresses.map(addressKey));
  const before = new Set(snapshot.addresses.map(addressKey));
  for (const address of snapshot.touchedAddresses) {
    const key = addressKey(address);
    if (present.has(key) !== before.has(key))
      problems.push(
        `address ${address.address}/${address.prefixLength} on ${address.interface} ${before.has(key) ? 'missing' : 'extra'}`,
      );
  }
  return problems;
}

/** Error for a rollback that could not put the host back; keeps both the original and the rollback cause. */
export function rollbackFailed(
  where: string,
  original: unknown,
  problems: readonly string[],
  cause?: unknown,
): MultihomeError {
  const first = original instanceof Error ? original.message : String(original);
  const detail = problems.length > 0 ? `; still different: ${problems.join('; ')}` : '';
  const why = cause instanceof Error ? `; rollback error: ${cause.message}` : '';
  return new MultihomeError(
    'ROLLBACK_FAILED',
    `${where}: ${first}. Rolling back failed too${why}${detail}. The host is in a mixed state: run \`multihome status\`.`,
    {
      source: 'system',
      cause: new AggregateError(
        [original, ...(cause === undefined ? [] : [cause])],
        'apply and rollback both failed',
      ),
    },
  );
}
