import { type CheckItem, item } from './check-item.js';
import { type FeatureState, kernelFeature } from './kernel-feature.js';
import { MIN_NODE_MAJOR, NEWER_NODE_HINT } from './node-version.js';
import { type ProbeContext, readUnderRoot, runTool } from './probe-context.js';

/** CAP_NET_ADMIN's bit in the capability sets of /proc/self/status. */
const CAP_NET_ADMIN = 12n;

/**
 * What the applier needs on a host, checked: Node, the right to change routing, iproute2 with JSON,
 * nft, and the kernel's IPv6, conntrack and multipath. The netns runtime needs the same.
 */
export async function applierChecks(context: ProbeContext): Promise<CheckItem[]> {
  return Promise.all([
    nodeCheck(context),
    privilegeCheck(context),
    iprouteCheck(context),
    nftCheck(context),
    featureCheck(context, {
      id: 'kernel.ipv6',
      title: 'IPv6',
      paths: ['proc/sys/net/ipv6'],
      module: 'ipv6',
      fix: 'boot without ipv6.disable=1 on the kernel command line',
    }),
    featureCheck(context, {
      id: 'kernel.conntrack',
      title: 'conntrack (nf_conntrack)',
      paths: ['proc/sys/net/netfilter/nf_conntrack_max'],
      module: 'nf_conntrack',
      fix: 'modprobe nf_conntrack',
    }),
    featureCheck(context, {
      id: 'kernel.multipath',
      title: 'multipath routes (for balancing)',
      paths: ['proc/sys/net/ipv4/fib_multipath_hash_policy'],
      fix: 'use a kernel built with CONFIG_IP_ROUTE_MULTIPATH (distribution kernels are)',
      advisory: true,
    }),
  ]);
}

async function nodeCheck(context: ProbeContext): Promise<CheckItem> {
  const major = Number(context.nodeVersion.split('.')[0]);
  return item({
    id: 'node',
    title: `Node.js ≥ ${MIN_NODE_MAJOR}`,
    ok: major >= MIN_NODE_MAJOR,
    detail: `v${context.nodeVersion}`,
    fix: NEWER_NODE_HINT,
    neededBy: ['applier', 'docker', 'netns'],
  });
}

async function privilegeCheck(context: ProbeContext): Promise<CheckItem> {
  const status = (await readUnderRoot(context, 'proc/self/status')) ?? '';
  const effective = /^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1];
  const hasCap = effective !== undefined && ((BigInt(`0x${effective}`) >> CAP_NET_ADMIN) & 1n) === 1n;
  const root = context.uid === 0;
  return item({
    id: 'privileges',
    title: 'root or CAP_NET_ADMIN',
    ok: root || hasCap,
    detail: root
      ? 'root'
      : hasCap
        ? `uid ${context.uid} with CAP_NET_ADMIN`
        : `uid ${context.uid} without CAP_NET_ADMIN`,
    fix: 'run it as root: sudo multihome …',
    neededBy: ['applier', 'netns'],
  });
}

async function iprouteCheck(context: ProbeContext): Promise<CheckItem> {
  const version = await runTool(context, 'ip', ['-V']);
  const json =
    version?.exitCode === 0 ? await runTool(context, 'ip', ['-json', '-N', 'addr', 'show', 'lo']) : undefined;
  const found = /iproute2-(\S+?),?(\s|$)/.exec(version?.stdout ?? '')?.[1];
  const jsonOk = json?.exitCode === 0 && isJsonArray(json.stdout);
  return item({
    id: 'iproute2',
    title: 'iproute2 with JSON output (ip -json)',
    ok: version?.exitCode === 0 && jsonOk,
    detail:
      version === undefined
        ? 'no `ip` on PATH'
        : `${found ?? 'unknown version'}${jsonOk ? ', ip -json works' : ', ip -json does not work (too old)'}`,
    fix: 'apt-get install -y iproute2',
    packages: ['iproute2'],
    neededBy: ['applier', 'netns'],
  });
}

async function nftCheck(context: ProbeContext): Promise<CheckItem> {
  const result = await runTool(context, 'nft', ['-V']);
  const version = /nftables (v\S+)/.exec(result?.stdout ?? '')?.[1];
  const noJson = /json:\s*no/.test(result?.stdout ?? '');
  return item({
    id: 'nft',
    title: 'nft (nftables) with JSON output',
    ok: result?.exitCode === 0 && !noJson,
    detail:
      result === undefined
        ? 'no `nft` on PATH'
        : `${version ?? 'unknown version'}${noJson ? ', built without JSON' : ''}`,
    fix: 'apt-get install -y nftables',
    packages: ['nftables'],
    neededBy: ['applier', 'netns'],
  });
}

/** A kernel feature to look for: its /proc or /sys paths, its module, and what to do without it. */
export type FeatureSpec = {
  readonly id: string;
  readonly title: string;
  readonly paths: readonly string[];
  readonly module?: string;
  readonly fix: string;
  /** Only some features need it: never blocks a runtime. */
  readonly advisory?: boolean;
};

/** One kernel feature as a check item; the lab's netem check uses it too. */
export async function featureCheck(context: ProbeContext, spec: FeatureSpec): Promise<CheckItem> {
  const state: FeatureState = await kernelFeature(context, spec.paths, spec.module);
  return item({
    id: spec.id,
    title: `kernel: ${spec.title}`,
    ok: state !== 'missing',
    detail:
      state === 'present' ? 'present' : state === 'module' ? 'available as a module' : 'not in this kernel',
    fix: spec.fix,
    neededBy: spec.advisory ? [] : ['applier', 'docker', 'netns'],
  });
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
