import { rollbackAlive, settleExpiredPending } from '../apply/confirm.js';
import { type Recovery, recoverIntent } from '../apply/recover.js';
import { deadLedgers } from '../ledger/dead-ledgers.js';
import { withNamespaceLock } from '../ledger/lock.js';
import { type PendingEntry, type PendingState, readPending } from '../ledger/pending-store.js';
import { addressBytes } from '../model/address.js';
import type { Address, Change, HostState, Ledger, Route, Rule } from '../model/types.js';
import { absentUplinks } from '../plan/desired.js';
import { planChanges } from '../plan/plan.js';
import { type Strangers, strangersOf } from '../plan/strangers.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { readHost } from '../state/host-readings.js';
import { healthOf, hopsOf, readWatchReport, type WatchReport } from '../watch/watch-report.js';

/** What multihome owns in a namespace, and how the namespace drifted from the last applied file. */
export type StatusReport = {
  readonly nsid: string;
  /** The last applied config file, or null when multihome manages nothing here. */
  readonly configFile: string | null;
  readonly owned: {
    readonly routes: readonly Route[];
    readonly rules: readonly Rule[];
    readonly nftTable: boolean;
    readonly addresses: readonly Address[];
    /** Sysctls multihome changed: the value it found, and the value now. */
    readonly sysctls: Readonly<
      Record<string, { readonly original: string; readonly current: string | null }>
    >;
    readonly displacedDefaults: readonly Route[];
  };
  /** The main table's default route per family now, as `via GATEWAY dev DEV` per next hop. */
  readonly mainDefault: Readonly<Record<'4' | '6', readonly string[]>>;
  /** The watch of this namespace: running or not, uplink health, last events; null if none ever ran. */
  readonly watch: WatchReport | null;
  /** Changes `apply` of the last applied file would make now; empty when nothing drifted. */
  readonly drift: readonly Change[];
  /** Tagged objects (protocol 77) the ledger does not list: someone else's, reported and left alone. */
  readonly strangers: Strangers;
  /** Ledgers of namespaces deleted without `remove` (by namespace id): `remove --stale` clears them. */
  readonly deadLedgers: readonly string[];
  /** Uplink addresses whose alias label is not the config's (the kernel keys addresses without it, so plan cannot see it). */
  readonly labelDrift: readonly {
    readonly uplink: string;
    readonly want: string | null;
    readonly found: string | null;
  }[];
  /**
   * Uplinks of the last applied config whose interface this host does not have (a PPP link between
   * sessions, a modem unplugged): their address and routes wait for it, so they are no drift.
   */
  readonly waiting: readonly { readonly uplink: string; readonly interface: string }[];
  /** Tagged objects found without a ledger (left by a crash or another tool): drift too. */
  readonly orphans: boolean;
  /** Each `apply --confirm` record: its state, its deadline, and whether its rollback process is alive. */
  readonly pending: readonly {
    readonly id: string;
    readonly state: PendingState;
    readonly deadline: string | null;
    readonly rollbackAlive: boolean | null;
  }[];
  /** Whether status found an apply or remove killed halfway (completed or undid it), or rolled back an expired `--confirm`. */
  readonly recovered: Recovery | 'rolled-back';
  /** Set when an unfinished run was found but undoing it failed (its record stays for the next try). */
  readonly recoveryProblem?: string;
};

/**
 * Reads ledger and kernel state and reports ownership and drift. Reads only, except when an apply
 * or remove was killed halfway: then it takes the lock and completes or undoes that run first, so
 * status never reports a half-made change as the truth (`recovered` says so).
 */
export async function statusHost(runner: CommandRunner): Promise<StatusReport> {
  let read = await readHost(runner);
  let recovered: Recovery | 'rolled-back' = 'none';
  let pending = await pendingDetails(runner, read.records.nsid, read.records.pending);
  const expired = pending.some(
    (record) =>
      record.deadline !== null && Date.parse(record.deadline) < Date.now() && record.rollbackAlive === false,
  );
  let recoveryProblem: string | undefined;
  const rolling = read.records.pending.some((record) => record.state === 'rolling');
  if (read.records.intent !== null || expired || rolling) {
    read = await withNamespaceLock(runner, async () => {
      const again = await readHost(runner);
      const recovery = await recoverIntent(runner, again.records);
      recovered = recovery.recovery;
      // An undo the kernel refuses (a link flap took the addresses its routes need) is reported:
      // the ledger took that run's objects over, and the drift below shows what apply would do.
      if (recovery.recovery === 'adopted')
        recoveryProblem = `an unfinished run could not be undone (${recovery.differences.join('; ').replace(/\s*\n\s*/g, ' ')}); its objects are now in the ledger, so \`multihome apply\` converges them and \`multihome remove\` takes them away`;
      const settled = await settleExpiredPending(runner, again.records.nsid, again.records.pending);
      if (settled && recovered === 'none') recovered = 'rolled-back';
      return recovered === 'none' ? again : readHost(runner);
    });
    pending = await pendingDetails(runner, read.records.nsid, read.records.pending);
  }
  const { state } = read;
  const { nsid, ledger } = read.records;
  const watch = await readWatchReport(runner, nsid);
  const nftTable = state.nftTable !== null;
  const sysctls: Record<string, { original: string; current: string | null }> = {};
  for (const [key, original] of Object.entries(ledger?.sysctlOriginals ?? {})) {
    sysctls[key] = { original, current: state.sysctls[key] ?? null };
  }
  const orphans =
    ledger === null && (state.ownedRoutes.length > 0 || state.ownedRules.length > 0 || nftTable);
  return {
    nsid,
    configFile: ledger?.config.file ?? null,
    owned: {
      routes: state.ownedRoutes,
      rules: state.ownedRules,
      nftTable,
      addresses: ledger?.addedAddresses ?? [],
      sysctls,
      displacedDefaults: ledger?.displacedDefaults ?? [],
    },
    mainDefault: { 4: mainDefaultOf(state.mainDefaults, 4), 6: mainDefaultOf(state.mainDefaults, 6) },
    watch,
    // A running watch's failover is no drift: plan with the health it acts on.
    drift: ledger === null ? [] : planChanges(ledger.config, state, ledger, healthOf(watch)),
    waiting:
      ledger === null
        ? []
        : absentUplinks(ledger.config, state).map((uplink) => ({
            uplink: uplink.name,
            interface: uplink.interface,
          })),
    orphans,
    strangers: strangersOf(state, ledger),
    deadLedgers: await deadLedgers(runner),
    labelDrift: labelDriftOf(ledger, state),
    pending,
    recovered,
    ...(recoveryProblem === undefined ? {} : { recoveryProblem }),
  };
}

function labelDriftOf(ledger: Ledger | null, state: HostState): StatusReport['labelDrift'] {
  return (ledger?.config.uplinks ?? []).flatMap((uplink) => {
    if (uplink.family !== 4) return [];
    const found = state.addresses.find(
      (address) =>
        address.interface === uplink.interface &&
        addressBytes(address.address) === addressBytes(uplink.address),
    );
    if (found === undefined) return [];
    const want = uplink.label ?? null;
    const has = found.label ?? null;
    return want === has ? [] : [{ uplink: uplink.name, want, found: has }];
  });
}

async function pendingDetails(runner: CommandRunner, nsid: string, entries: readonly PendingEntry[]) {
  return Promise.all(
    entries.map(async (entry) => {
      if (entry.state !== 'pending') return { ...entry, deadline: null, rollbackAlive: null };
      const record = await readPending(runner, nsid, entry.id, 'pending');
      return {
        ...entry,
        deadline: record?.deadline ?? null,
        rollbackAlive: await rollbackAlive(runner, nsid, entry.id),
      };
    }),
  );
}

function mainDefaultOf(routes: readonly Route[], family: 4 | 6): string[] {
  const active = routes
    .filter((route) => route.family === family)
    .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0))[0];
  return active === undefined ? [] : hopsOf(active);
}

/** Status exits 1 on drift (like `diff`), so monitoring can alert on it. */
export function statusHasDrift(report: StatusReport): boolean {
  return (
    report.drift.length > 0 ||
    report.orphans ||
    report.recoveryProblem !== undefined ||
    report.labelDrift.length > 0
  );
}
