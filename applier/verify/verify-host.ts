import { namespaceId } from '../ledger/paths.js';
import type { Config, Uplink } from '../model/config.js';
import type { HostState } from '../model/types.js';
import { absentUplinks } from '../plan/desired.js';
import { hex } from '../plan/iproute-args.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { readHostState } from '../state/read-host-state.js';
import {
  checkMainDefaults,
  healthOf,
  type MainDefaultCheck,
  readWatchReport,
} from '../watch/watch-report.js';
import { type Resolved, routeGet, routeGetArgv } from './route-get.js';

/** One kernel lookup compared with what the uplink needs. */
export type VerifyCheck = {
  readonly kind: 'from' | 'mark';
  readonly command: string;
  readonly ok: boolean;
  readonly actual: Resolved;
  readonly error?: string;
};

/** Verdict for one uplink: every check must resolve to its gateway and device. */
export type UplinkVerdict = {
  readonly name: string;
  readonly ok: boolean;
  readonly expected: { readonly gateway: string; readonly dev: string };
  /** What the `from` lookup resolved to (the reply path of traffic to the host itself). */
  readonly actual: Resolved;
  readonly checks: readonly VerifyCheck[];
  /** The host lacks the uplink's interface (a PPP link or modem not up): nothing was looked up. */
  readonly waiting?: true;
};

/**
 * What `verify` found; `ok` only when every uplink agrees and, with a watch running, the main
 * default goes via the uplinks its health state chooses (`mainDefault`, absent without a watch).
 */
export type VerifyReport = {
  readonly ok: boolean;
  readonly uplinks: readonly UplinkVerdict[];
  readonly mainDefault?: readonly MainDefaultCheck[];
};

/**
 * Asks the kernel, per uplink, where a reply from the uplink's address goes (and, with `lan`,
 * where a packet carrying the uplink's mark goes); both must be the uplink's gateway and device.
 * An uplink whose interface the host lacks fails as `waiting`: its replies cannot leave through it.
 */
export async function verifyHost(runner: CommandRunner, config: Config): Promise<VerifyReport> {
  const state = await readHostState(runner);
  const absent = new Set(absentUplinks(config, state));
  const uplinks: UplinkVerdict[] = [];
  for (const uplink of config.uplinks)
    uplinks.push(absent.has(uplink) ? waitingVerdict(uplink) : await verifyUplink(runner, config, uplink));
  const mainDefault = await checkAgainstWatch(runner, config, state);
  const ok = uplinks.every((uplink) => uplink.ok) && (mainDefault ?? []).every((check) => check.ok);
  return { ok, uplinks, ...(mainDefault === undefined ? {} : { mainDefault }) };
}

// Only while a watch runs is there a health state to check the main default against.
async function checkAgainstWatch(
  runner: CommandRunner,
  config: Config,
  state: HostState,
): Promise<MainDefaultCheck[] | undefined> {
  const watch = await readWatchReport(runner, await namespaceId(runner));
  if (watch === null || !watch.running) return undefined;
  return checkMainDefaults(config, state.mainDefaults, healthOf(watch));
}

function waitingVerdict(uplink: Uplink): UplinkVerdict {
  const expected = { gateway: uplink.gateway, dev: uplink.interface };
  return {
    name: uplink.name,
    ok: false,
    expected,
    actual: { gateway: null, dev: null },
    checks: [],
    waiting: true,
  };
}

async function verifyUplink(runner: CommandRunner, config: Config, uplink: Uplink): Promise<UplinkVerdict> {
  const expected = { gateway: uplink.gateway, dev: uplink.interface };
  const probe = config.probe[uplink.family];
  const selectors: [VerifyCheck['kind'], string[]][] = [['from', ['from', uplink.address]]];
  if (config.lan.length > 0) selectors.push(['mark', ['mark', hex(uplink.mark)]]);
  const checks: VerifyCheck[] = [];
  for (const [kind, selector] of selectors) {
    const lookup = await routeGet(runner, routeGetArgv(uplink.family, probe, selector));
    const ok = lookup.resolved.gateway === expected.gateway && lookup.resolved.dev === expected.dev;
    checks.push({
      kind,
      command: lookup.argv.join(' '),
      ok,
      actual: lookup.resolved,
      ...(lookup.error === undefined ? {} : { error: lookup.error }),
    });
  }
  const actual = checks[0]?.actual ?? { gateway: null, dev: null };
  return { name: uplink.name, ok: checks.every((check) => check.ok), expected, actual, checks };
}
