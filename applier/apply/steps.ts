import { removeFileArgv, writeFileArgv } from '../ledger/remote-file.js';
import type { Family } from '../model/config.js';
import { MULTIHOME_PROTOCOL, NFT_TABLE } from '../model/constants.js';
import type { Change } from '../model/types.js';
import { promoteSecondariesKey, sysctlPath, writeSysctlsArgv } from '../state/sysctl-keys.js';
import {
  addressAddLines,
  addressDeleteLines,
  routeAddLines,
  routeDeleteLines,
  ruleAddLines,
  ruleDeleteLines,
  ruleReplaceLines,
} from './ip-lines.js';
import { nextTableNames } from './table-names.js';

/** One process the transaction runs; batch steps keep their lines so a failure can name the one that broke. */
export type Step = {
  readonly name: string;
  readonly argv: readonly string[];
  readonly input?: string;
  readonly lines?: readonly string[];
};

/** What the step builder needs beyond the changes: the files as they are now. */
export type StepContext = {
  /** The namespace id, which names the temp files of every write. */
  readonly nsid: string;
  readonly tableNamesPath: string;
  readonly tableNamesText: string | null;
  readonly protosPath: string;
  readonly protosText: string | null;
};

/** Content of the rt_protos.d file, so `ip` prints `proto multihome` instead of 77. */
export const PROTOS_TEXT = `${MULTIHOME_PROTOCOL} multihome\n`;

const FAMILIES: readonly Family[] = [4, 6];

/**
 * Turns ordered changes into few processes, make-before-break: files, sysctls (last when the
 * planner put them after the deletes, as removal does), new addresses, then
 * per family one `ip -batch` of route/rule adds, the nft table as one atomic transaction, per family
 * one `ip -batch` of deletes, and stale addresses last. Within a batch the planner's order is kept.
 */
export function buildSteps(changes: readonly Change[], context: StepContext): Step[] {
  if (changes.length === 0) return [];
  const sysctls = sysctlSteps(changes);
  const late = sysctlsGoLast(changes);
  return [
    ...fileSteps(changes, context),
    ...(late ? [] : sysctls),
    ...FAMILIES.flatMap((family) =>
      batchStep(`add addresses (IPv${family})`, family, addressLines(changes, family)),
    ),
    ...FAMILIES.flatMap((family) =>
      batchStep(`add routes and rules (IPv${family})`, family, ipLines(changes, family, 'add')),
    ),
    ...nftSteps(changes),
    ...FAMILIES.flatMap((family) =>
      batchStep(`delete rules and routes (IPv${family})`, family, ipLines(changes, family, 'delete')),
    ),
    ...addressDeleteSteps(changes),
    ...(late ? sysctls : []),
  ];
}

/** Removal restores sysctls only after the rules and routes that needed them are gone; the planner's order says so. */
function sysctlsGoLast(changes: readonly Change[]): boolean {
  const firstSysctl = changes.findIndex((change) => change.kind === 'sysctl');
  const firstDelete = changes.findIndex(
    (change) => change.action === 'delete' && (change.kind === 'rule' || change.kind === 'route'),
  );
  return firstSysctl !== -1 && firstDelete !== -1 && firstSysctl > firstDelete;
}

function fileSteps(changes: readonly Change[], context: StepContext): Step[] {
  const steps: Step[] = [];
  if (context.protosText !== PROTOS_TEXT) {
    steps.push({
      name: 'name protocol 77',
      argv: writeFileArgv(context.protosPath, context.nsid, 'atomic'),
      input: PROTOS_TEXT,
    });
  }
  if (!changes.some((change) => change.kind === 'table-name')) return steps;
  const next = nextTableNames(context.tableNamesText, changes);
  if (next === context.tableNamesText) return steps;
  steps.push(
    next === null
      ? { name: 'remove table names', argv: removeFileArgv(context.tableNamesPath) }
      : {
          name: 'write table names',
          argv: writeFileArgv(context.tableNamesPath, context.nsid, 'atomic'),
          input: next,
        },
  );
  return steps;
}

function sysctlSteps(changes: readonly Change[]): Step[] {
  const values = Object.fromEntries(
    changes.flatMap((change) => (change.kind === 'sysctl' ? [[change.object.key, change.object.value]] : [])),
  );
  return Object.keys(values).length === 0 ? [] : [{ name: 'set sysctls', argv: writeSysctlsArgv(values) }];
}

function addressLines(changes: readonly Change[], family: Family): string[] {
  return changes.flatMap((change) =>
    change.kind === 'address' && change.family === family && change.action !== 'delete'
      ? addressAddLines(change.object)
      : [],
  );
}

// Deleting an interface's primary IPv4 address deletes every secondary of its subnet too, unless
// promote_secondaries is 1: so a renumbered uplink (new address added, old one deleted) or the
// first of two uplinks in one subnet would take the other's address with it. Each interface's
// deletes run with promote_secondaries set to 1 and then put back as they were, whichever way the
// host has it; the snapshot holds its value, so a run killed in between is restored too.
const PROMOTING_DELETE =
  'f=$1; p=; read -r p < "$f"; [ -n "$p" ] || exit 1; echo 1 > "$f" || exit 1; ip -4 -batch -; r=$?; echo "$p" > "$f"; exit "$r"';

function addressDeleteSteps(changes: readonly Change[]): Step[] {
  const byInterface = new Map<string, string[]>();
  for (const line of addressDeletes(changes, 4)) {
    byInterface.set(line.interface, [...(byInterface.get(line.interface) ?? []), ...line.lines]);
  }
  const v4 = [...byInterface].map(
    ([name, lines]): Step => ({
      name: `delete addresses (IPv4, ${name})`,
      argv: ['sh', '-c', PROMOTING_DELETE, 'sh', sysctlPath(promoteSecondariesKey(name))],
      input: `${lines.join('\n')}\n`,
      lines,
    }),
  );
  const v6 = addressDeletes(changes, 6).flatMap((line) => line.lines);
  return [...v4, ...batchStep('delete addresses (IPv6)', 6, v6)];
}

function addressDeletes(
  changes: readonly Change[],
  family: Family,
): { interface: string; lines: string[] }[] {
  return changes.flatMap((change) =>
    change.kind === 'address' && change.family === family && change.action === 'delete'
      ? [{ interface: change.object.interface, lines: addressDeleteLines(change.object) }]
      : [],
  );
}

/** The promote_secondaries keys of the interfaces whose IPv4 addresses the changes delete, for the snapshot. */
export function promotedKeys(changes: readonly Change[]): string[] {
  return [...new Set(addressDeletes(changes, 4).map((line) => promoteSecondariesKey(line.interface)))];
}

function ipLines(changes: readonly Change[], family: Family, phase: 'add' | 'delete'): string[] {
  return changes.flatMap((change) => {
    if (change.family !== family || (change.action === 'delete') !== (phase === 'delete')) return [];
    if (change.kind === 'route') {
      return change.action === 'delete' ? routeDeleteLines(change.object) : routeAddLines(change.object);
    }
    if (change.kind !== 'rule') return [];
    if (change.action === 'delete') return ruleDeleteLines(change.object);
    return change.action === 'replace' ? ruleReplaceLines(change.object) : ruleAddLines(change.object);
  });
}

/** One `ip -batch` process for a family; `-N`-free so `table`/`proto` stay numeric as written. */
export function batchStep(name: string, family: Family, lines: readonly string[]): Step[] {
  if (lines.length === 0) return [];
  return [{ name, argv: ['ip', `-${family}`, '-batch', '-'], input: `${lines.join('\n')}\n`, lines }];
}

/** The nft script that swaps multihome's table in one transaction (create-if-missing, delete, load). */
export function nftReplaceScript(text: string | null): string {
  const swap = `table inet ${NFT_TABLE} {}\ndelete table inet ${NFT_TABLE}\n`;
  return text === null ? swap : `${swap}${text.endsWith('\n') ? text : `${text}\n`}`;
}

function nftSteps(changes: readonly Change[]): Step[] {
  const change = changes.findLast((candidate) => candidate.kind === 'nftables');
  if (change?.kind !== 'nftables') return [];
  const text = change.action === 'delete' ? null : change.object.text;
  const name = text === null ? 'delete nftables table' : 'load nftables table';
  return [{ name, argv: ['nft', '-f', '-'], input: nftReplaceScript(text) }];
}
