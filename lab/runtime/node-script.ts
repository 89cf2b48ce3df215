import { quote, shellLine } from '../../applier/runner/shell-text.js';
import type { NodePlan } from '../topology/types.js';

/** The parts of a node plan one script executes (netem goes separately, for its own clear error). */
export type ExecutablePlan = Pick<
  NodePlan,
  'interfaces' | 'sysctls' | 'commands' | 'nftRuleset' | 'services'
>;

/** One node's configuration as a single sh script (one exec): `argv` runs `script`, given as its stdin. */
export type NodeScript = { readonly argv: readonly string[]; readonly script: string };

// The script goes in on stdin, not as an argument: the kernel refuses an argument over 128 KiB
// (MAX_ARG_STRLEN), which a router of a couple of hundred uplinks passes. It is read whole before
// any of it runs, so no command in it can read the rest of the script as its own input.
const RUN_STDIN = ['sh', '-c', 'script=$(cat) && eval "$script"'];

// Ends the nft ruleset's here-document; no ruleset line is ever just this word.
const NFT_END = 'MH_NFT_RULESET_END';

/** Marker of the sysctl read-back lines the script prints: `MH-SYSCTL key=value`. */
export const SYSCTL_MARK = 'MH-SYSCTL';

/** How long the script waits for the node's services to listen (a node is used as soon as it is up). */
const LISTEN_DEADLINE_S = 5;

/**
 * Builds the script that configures one node whose interfaces the hub created with their planned
 * names (both runtimes): bring loopback up, write the sysctls, run the plan's commands, load the nft
 * ruleset atomically (a here-document in the script), start services detached and wait until they
 * listen, run `extraLines`, and print every sysctl read back.
 */
export function nodeScript(plan: ExecutablePlan, extraLines: readonly string[] = []): NodeScript {
  const lines = ['set -eu', 'ip link set dev lo up'];
  // One sysctl process for all writes and one for the read-back: a fork per key cost the router
  // about 100 processes, most of its configuration time.
  const sysctls = Object.entries(plan.sysctls);
  if (sysctls.length > 0) {
    lines.push(`sysctl -q -w ${sysctls.map(([key, value]) => quote(`${key}=${value}`)).join(' ')}`);
  }
  for (const argv of plan.commands) lines.push(shellLine(argv));
  if (plan.nftRuleset !== null)
    lines.push(`nft -f - <<'${NFT_END}'\n${plan.nftRuleset.replace(/\n?$/, '\n')}${NFT_END}`);
  plan.services.forEach((service, i) => {
    lines.push(`setsid ${shellLine(service.argv)} </dev/null >/run/mh-service-${i}.log 2>&1 &`);
  });
  const listeners = plan.services.reduce((sum, service) => sum + (service.listeners ?? 1), 0);
  if (listeners > 0) lines.push(waitListening(listeners));
  lines.push(...extraLines);
  if (sysctls.length > 0) {
    const keys = sysctls.map(([key]) => quote(key)).join(' ');
    lines.push(`sysctl ${keys} | while IFS= read -r line; do echo "${SYSCTL_MARK} $line"; done`);
  }
  return { argv: RUN_STDIN, script: `${lines.join('\n')}\n` };
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

// A fresh namespace holds no other sockets, so as many listening sockets as the services have means all listen.
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
