import { mustRun } from '../../applier/index.js';
import type { StartedLab } from '../../lab/index.js';

/** Everything `remove` must put back exactly: rules, routes, nftables, sysctls and iproute2 names. */
export type RouterState = {
  readonly rules4: unknown;
  readonly rules6: unknown;
  readonly routes4: unknown;
  readonly routes6: unknown;
  readonly nft: unknown;
  readonly sysctls: Readonly<Record<string, string>>;
  readonly iproute2: string;
};

const SYSCTL_GLOBS = [
  '/proc/sys/net/ipv4/conf/*/rp_filter',
  '/proc/sys/net/ipv4/conf/*/src_valid_mark',
  '/proc/sys/net/ipv4/ip_forward',
  '/proc/sys/net/ipv6/conf/all/forwarding',
  '/proc/sys/net/ipv4/fwmark_reflect',
  '/proc/sys/net/ipv4/tcp_fwmark_accept',
];

/** Reads the router's state as JSON, the same way in every scenario, for exact before/after comparison. */
export async function routerState(lab: StartedLab): Promise<RouterState> {
  const json = async (argv: string[]) =>
    JSON.parse((await mustRun(lab.runner('router'), argv)) || 'null') as unknown;
  const sysctlText = await mustRun(lab.runner('router'), ['sh', '-c', `grep -H . ${SYSCTL_GLOBS.join(' ')}`]);
  const sysctls: Record<string, string> = {};
  for (const line of sysctlText.split('\n').filter(Boolean)) {
    const at = line.lastIndexOf(':');
    sysctls[line.slice(0, at).replace('/proc/sys/', '').replaceAll('/', '.')] = line.slice(at + 1);
  }
  return {
    rules4: await json(['ip', '-j', '-4', 'rule', 'show']),
    rules6: await json(['ip', '-j', '-6', 'rule', 'show']),
    routes4: await json(['ip', '-j', '-4', 'route', 'show', 'table', 'all']),
    routes6: await json(['ip', '-j', '-6', 'route', 'show', 'table', 'all']),
    nft: withoutCounters(await json(['nft', '-j', 'list', 'ruleset'])),
    sysctls,
    iproute2: await mustRun(lab.runner('router'), [
      'sh',
      '-c',
      'for f in /etc/iproute2/rt_tables.d/* /etc/iproute2/rt_protos.d/*; do [ -e "$f" ] && echo "== $f" && cat "$f"; done; true',
    ]),
  };
}

// Counter values change with any traffic (Docker's DNS rules too); the comparison is about structure.
function withoutCounters(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'packets' || key === 'bytes' ? 0 : v));
}
