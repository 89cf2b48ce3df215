import { LabError } from '../errors.js';
import type { NodePlan } from '../topology/types.js';
import { shellLine, shellQuote } from './shell-quote.js';

/** The parts of a node plan one script executes (netem goes separately, for its own clear error). */
export type ExecutablePlan = Pick<
  NodePlan,
  'interfaces' | 'sysctls' | 'reset' | 'commands' | 'nftRuleset' | 'services'
>;

/** One node's configuration as a single sh script (one exec), with the nft ruleset as its stdin. */
export type NodeScript = { readonly script: string; readonly input?: string };

/** How the runtime hands the node its interfaces. */
export type NodeInterfaces =
  /** Docker: found by the MAC the engine reported per segment, then renamed to the planned names. */
  | { readonly macBySegment: Readonly<Record<string, string>> }
  /** Network namespaces: created with their planned names already; loopback still needs bringing up. */
  | { readonly named: true };

/** Marker of the sysctl read-back lines the script prints: `MH-SYSCTL key=value`. */
export const SYSCTL_MARK = 'MH-SYSCTL';

/** How long the script waits for the node's services to listen (netns nodes are used at once). */
const LISTEN_DEADLINE_S = 5;

/**
 * Builds the script that configures one node: find each interface by MAC and rename it through a
 * temporary name (Docker), write the sysctls, clear what Docker put on the interfaces (the plan's
 * reset; namespaces get bare interfaces), run the plan's commands, load the nft ruleset
 * atomically, start services detached (and wait until they listen), and print every sysctl read back.
 * Sysctls go through /proc/sys with shell builtins: dozens of keys, no extra processes.
 */
export function nodeScript(plan: ExecutablePlan, interfaces: NodeInterfaces): NodeScript {
  const lines = ['set -eu'];
  if ('macBySegment' in interfaces) lines.push(...renames(plan, interfaces.macBySegment));
  else lines.push('ip link set dev lo up');
  for (const [key, value] of Object.entries(plan.sysctls)) {
    lines.push(`printf '%s\\n' ${shellQuote(value)} > ${shellQuote(sysctlFile(key))}`);
  }
  const docker = 'macBySegment' in interfaces;
  for (const argv of [...(docker ? plan.reset : []), ...plan.commands]) lines.push(shellLine(argv));
  if (plan.nftRuleset !== null) lines.push('nft -f -');
  plan.services.forEach((service, i) => {
    lines.push(`setsid ${shellLine(service.argv)} </dev/null >/run/mh-service-${i}.log 2>&1 &`);
  });
  if (plan.services.length > 0 && 'named' in interfaces) lines.push(waitListening(plan.services.length));
  lines.push(...readBack(Object.keys(plan.sysctls)));
  return plan.nftRuleset === null
    ? { script: lines.join('\n') }
    : { script: lines.join('\n'), input: plan.nftRuleset };
}

/** Sysctls whose read-back differs from what the plan set (whitespace-normalised), as `key: want → got`. */
export function sysctlMismatches(plan: ExecutablePlan, stdout: string): string[] {
  const got = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(`${SYSCTL_MARK} `)) continue;
    const rest = line.slice(SYSCTL_MARK.length + 1);
    const eq = rest.indexOf('=');
    got.set(rest.slice(0, eq), normalise(rest.slice(eq + 1)));
  }
  return Object.entries(plan.sysctls)
    .filter(([key, value]) => got.get(key) !== normalise(String(value)))
    .map(([key, value]) => `${key}: want ${value} → got ${got.get(key) ?? '(not read)'}`);
}

/** `net.ipv4.conf.eth0.rp_filter` → `/proc/sys/net/ipv4/conf/eth0/rp_filter`. */
export function sysctlFile(key: string): string {
  return `/proc/sys/${key.replaceAll('.', '/')}`;
}

function renames(plan: ExecutablePlan, macBySegment: Readonly<Record<string, string>>): string[] {
  const lines = [MAC_LOOKUP];
  plan.interfaces.forEach((iface, i) => {
    const mac = macBySegment[iface.segment];
    if (mac === undefined) {
      throw new LabError('LAB_FAILED', `no endpoint on segment ${iface.segment} for ${iface.name}`, {
        source: 'system',
      });
    }
    lines.push(
      `d=$(mh_dev ${shellQuote(mac)})`,
      `ip link set dev "$d" down`,
      `ip link set dev "$d" name mhtmp${i}`,
    );
  });
  plan.interfaces.forEach((iface, i) => {
    lines.push(
      `ip link set dev mhtmp${i} name ${shellQuote(iface.name)}`,
      `ip link set dev ${shellQuote(iface.name)} up`,
    );
  });
  return lines;
}

// One `cat` reads every value (a sysctl file answers only a read from offset 0, so the shell's
// byte-wise `read` cannot take the file itself); the shell then pairs each line with its key.
function readBack(keys: readonly string[]): string[] {
  if (keys.length === 0) return [];
  const marks = keys.map((key) => `  read -r v; printf '%s %s=%s\\n' ${SYSCTL_MARK} ${shellQuote(key)} "$v"`);
  return [`cat ${keys.map((key) => shellQuote(sysctlFile(key))).join(' ')} | {`, ...marks, '}'];
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

const MAC_LOOKUP = `mh_dev() {
  for p in /sys/class/net/*; do
    if [ "$(cat "$p/address")" = "$1" ]; then echo "\${p##*/}"; return 0; fi
  done
  echo "no interface with MAC $1" >&2; return 1
}`;
