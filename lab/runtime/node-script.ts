import { quote, shellLine } from '../../applier/runner/shell-text.js';
import { LabError } from '../errors.js';
import type { NodePlan } from '../topology/types.js';

/** The parts of a node plan one script executes (netem goes separately, for its own clear error). */
export type ExecutablePlan = Pick<
  NodePlan,
  'interfaces' | 'sysctls' | 'reset' | 'commands' | 'nftRuleset' | 'services'
>;

/** One node's configuration as a single sh script (one exec), with the nft ruleset as its stdin. */
export type NodeScript = { readonly script: string; readonly input?: string };

/** How the runtime hands the node its interfaces. */
export type NodeInterfaces =
  /**
   * Docker: found by the address Docker gave the endpoint on each segment's subnet (known before the
   * container starts, so the script can be the container's command), then renamed to the planned names.
   */
  | { readonly subnetBySegment: Readonly<Record<string, string>> }
  /** Network namespaces: created with their planned names already; loopback still needs bringing up. */
  | { readonly named: true };

/** Marker of the sysctl read-back lines the script prints: `MH-SYSCTL key=value`. */
export const SYSCTL_MARK = 'MH-SYSCTL';

/** How long the script waits for the node's services to listen (netns nodes are used at once). */
const LISTEN_DEADLINE_S = 5;

/**
 * Builds the script that configures one node: find each interface by its subnet and rename it through a
 * temporary name (Docker; so `eth1`→`eth0` swaps cannot clash), write the sysctls, clear what Docker
 * put on the interfaces (the plan's reset; namespaces get bare interfaces), run the plan's commands,
 * load the nft ruleset atomically, start services detached (on netns, wait until they listen), run
 * `extraLines`, and print every sysctl read back.
 */
export function nodeScript(
  plan: ExecutablePlan,
  interfaces: NodeInterfaces,
  extraLines: readonly string[] = [],
): NodeScript {
  const lines = ['set -eu'];
  const docker = 'subnetBySegment' in interfaces;
  if (docker) lines.push(...renames(plan, interfaces.subnetBySegment));
  else lines.push('ip link set dev lo up');
  // One sysctl process for all writes and one for the read-back: a fork per key cost the router
  // about 100 processes, most of its configuration time.
  const sysctls = Object.entries(plan.sysctls);
  if (sysctls.length > 0) {
    lines.push(`sysctl -q -w ${sysctls.map(([key, value]) => quote(`${key}=${value}`)).join(' ')}`);
  }
  for (const argv of [...(docker ? plan.reset : []), ...plan.commands]) lines.push(shellLine(argv));
  if (plan.nftRuleset !== null) lines.push('nft -f -');
  plan.services.forEach((service, i) => {
    lines.push(`setsid ${shellLine(service.argv)} </dev/null >/run/mh-service-${i}.log 2>&1 &`);
  });
  if (plan.services.length > 0 && !docker) lines.push(waitListening(plan.services.length));
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

function renames(plan: ExecutablePlan, subnetBySegment: Readonly<Record<string, string>>): string[] {
  const lines = [DEV_LOOKUP];
  plan.interfaces.forEach((iface, i) => {
    const subnet = subnetBySegment[iface.segment];
    if (subnet === undefined) {
      throw new LabError('LAB_FAILED', `no endpoint on segment ${iface.segment} for ${iface.name}`, {
        source: 'system',
      });
    }
    lines.push(
      `d=$(mh_dev ${quote(subnet)})`,
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
  return lines;
}

// A fresh namespace holds no other sockets, so "at least one listener per service" means all listen.
function waitListening(count: number): string {
  const tries = LISTEN_DEADLINE_S * 100;
  return [
    `i=0; until [ "$(ss -Hltun | wc -l)" -ge ${count} ]; do`,
    `  i=$((i+1)); [ "$i" -le ${tries} ] || { echo "services not listening after ${LISTEN_DEADLINE_S} s" >&2; exit 1; }`,
    '  sleep 0.01',
    'done',
  ].join('\n');
}

function normalise(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

// `ip -o addr show to PREFIX` prints `N: DEV inet ADDRESS ...` for the address inside PREFIX.
const DEV_LOOKUP = `mh_dev() {
  set -- "$1" $(ip -o -4 addr show to "$1")
  [ -n "\${3:-}" ] || { echo "no interface with an address in $1" >&2; return 1; }
  echo "$3"
}`;
