import { quote, shellLine } from '../../applier/runner/shell-text.js';
import { LabError } from '../errors.js';
import type { NodePlan } from '../topology/types.js';

/** The parts of a node plan one script executes (netem goes separately, for its own clear error). */
export type ExecutablePlan = Pick<
  NodePlan,
  'interfaces' | 'sysctls' | 'commands' | 'nftRuleset' | 'services'
>;

/** One node's configuration as a single sh script (one Docker exec), with the nft ruleset as its stdin. */
export type NodeScript = { readonly script: string; readonly input?: string };

/** Marker of the sysctl read-back lines the script prints: `MH-SYSCTL key=value`. */
export const SYSCTL_MARK = 'MH-SYSCTL';

/**
 * Builds the script that configures one node: find each interface by the MAC Docker reported, rename it
 * through a temporary name (so `eth1`→`eth0` swaps cannot clash), write the sysctls, run the plan's
 * commands, load the nft ruleset atomically, start services detached, and print every sysctl read back.
 */
export function nodeScript(
  plan: ExecutablePlan,
  macBySegment: Readonly<Record<string, string>>,
  extraLines: readonly string[] = [],
): NodeScript {
  const lines = ['set -eu', MAC_LOOKUP];
  plan.interfaces.forEach((iface, i) => {
    const mac = macBySegment[iface.segment];
    if (mac === undefined)
      throw new LabError('LAB_FAILED', `no endpoint on segment ${iface.segment} for ${iface.name}`, {
        source: 'system',
      });
    lines.push(
      `d=$(mh_dev ${quote(mac)})`,
      `ip link set dev "$d" down`,
      `ip link set dev "$d" name mhtmp${i}`,
    );
  });
  plan.interfaces.forEach((iface, i) => {
    lines.push(
      `ip link set dev mhtmp${i} name ${quote(iface.name)}`,
      `ip link set dev ${quote(iface.name)} up`,
    );
  });
  // One sysctl process for all writes and one for the read-back: a fork per key cost the router
  // about 100 processes, most of its configuration time.
  const sysctls = Object.entries(plan.sysctls);
  if (sysctls.length > 0) {
    lines.push(`sysctl -q -w ${sysctls.map(([key, value]) => quote(`${key}=${value}`)).join(' ')}`);
  }
  for (const argv of plan.commands) lines.push(shellLine(argv));
  if (plan.nftRuleset !== null) lines.push('nft -f -');
  plan.services.forEach((service, i) => {
    lines.push(`setsid ${shellLine(service.argv)} </dev/null >/tmp/mh-service-${i}.log 2>&1 &`);
  });
  lines.push(...extraLines);
  if (sysctls.length > 0) {
    const keys = sysctls.map(([key]) => quote(key)).join(' ');
    lines.push(`sysctl ${keys} | while IFS= read -r line; do echo "${SYSCTL_MARK} $line"; done`);
  }
  return plan.nftRuleset === null
    ? { script: lines.join('\n') }
    : { script: lines.join('\n'), input: plan.nftRuleset };
}

/** Sysctls whose read-back differs from what the plan set (whitespace-normalised), as `key: want → got`. */
export function sysctlMismatches(plan: ExecutablePlan, stdout: string): string[] {
  const got = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(`${SYSCTL_MARK} `)) continue;
    // `sysctl KEY...` prints `key = value`.
    const rest = line.slice(SYSCTL_MARK.length + 1);
    const eq = rest.indexOf('=');
    got.set(rest.slice(0, eq).trim(), normalise(rest.slice(eq + 1)));
  }
  return Object.entries(plan.sysctls)
    .filter(([key, value]) => got.get(key) !== normalise(String(value)))
    .map(([key, value]) => `${key}: want ${value} → got ${got.get(key) ?? '(not read)'}`);
}

function normalise(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

const MAC_LOOKUP = `mh_dev() {
  for p in /sys/class/net/*; do
    read -r a < "$p/address"
    if [ "$a" = "$1" ]; then echo "\${p##*/}"; return 0; fi
  done
  echo "no interface with MAC $1" >&2; return 1
}`;
