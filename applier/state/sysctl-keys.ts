import type { Config } from '../model/config.js';

/** rp_filter of `all`: the effective value on an interface is max(all, interface). */
export const RP_FILTER_ALL = 'net.ipv4.conf.all.rp_filter';

/**
 * The multipath hash policy per family. 1 hashes the 5-tuple, so balanced connections between the
 * same two hosts spread over the next hops (the kernel's default 0 hashes addresses only).
 */
export const MULTIPATH_HASH_POLICY: Readonly<Record<4 | 6, string>> = {
  4: 'net.ipv4.fib_multipath_hash_policy',
  6: 'net.ipv6.fib_multipath_hash_policy',
};

/** The sysctl key of a per-interface IPv4 setting; a dot in a name (`eth0.100`) becomes `/`. */
export function interfaceSysctl(interfaceName: string, setting: 'rp_filter' | 'src_valid_mark'): string {
  return `net.ipv4.conf.${interfaceName.replaceAll('.', '/')}.${setting}`;
}

/** The promote_secondaries key of an interface: whether deleting its primary IPv4 address keeps the others. */
export function promoteSecondariesKey(interfaceName: string): string {
  return `net.ipv4.conf.${interfaceName.replaceAll('.', '/')}.promote_secondaries`;
}

/** The /proc/sys path of a key, undoing the `/`-for-dot escape of interface names. */
export function sysctlPath(key: string): string {
  return `/proc/sys/${key
    .split('.')
    .map((part) => part.replaceAll('/', '.'))
    .join('/')}`;
}

/**
 * The argv that sets sysctls by writing their /proc/sys files: `sysctl -w key=value` splits at the
 * first `=`, which an interface name may hold, while a path given as an argument carries any name.
 */
export function writeSysctlsArgv(values: Readonly<Record<string, string>>): string[] {
  const script = 'while [ "$#" -gt 1 ]; do printf \'%s\\n\' "$2" > "$1" || exit 1; shift 2; done';
  return [
    'sh',
    '-c',
    script,
    'sh',
    ...Object.entries(values).flatMap(([key, value]) => [sysctlPath(key), value]),
  ];
}

/** The argv that prints the values of sysctls, one line each in order (what `sysctl -n` would, for any name). */
export function readSysctlsArgv(keys: readonly string[]): string[] {
  return [
    'sh',
    '-c',
    'for f; do v=; read -r v < "$f"; printf \'%s\\n\' "$v"; done',
    'sh',
    ...keys.map(sysctlPath),
  ];
}

/** The key of a /proc/sys path (the inverse of `sysctlPath`). */
export function sysctlKey(path: string): string {
  return path
    .replace(/^\/proc\/sys\//, '')
    .split('/')
    .map((part) => part.replaceAll('.', '/'))
    .join('.');
}

/** The interfaces whose rp_filter a config may loosen: those of its IPv4 uplinks, since rp_filter filters IPv4 only. */
export function rpFilterInterfaces(config: Config): string[] {
  const ipv4 = config.uplinks.filter((uplink) => uplink.family === 4);
  return [...new Set(ipv4.map((uplink) => uplink.interface))];
}

/**
 * The sysctls a config may touch: rp_filter on each IPv4 uplink's interface and, when there is one,
 * on `all` (IPv6 has no rp_filter sysctl), and src_valid_mark per uplink interface when `lan` is set
 * (never on `all`).
 */
export function sysctlKeysFor(config: Config): string[] {
  const interfaces = [...new Set(config.uplinks.map((uplink) => uplink.interface))];
  const filtered = rpFilterInterfaces(config);
  const keys = filtered.length === 0 ? [] : [RP_FILTER_ALL];
  keys.push(...filtered.map((name) => interfaceSysctl(name, 'rp_filter')));
  if (config.lan.length > 0) keys.push(...interfaces.map((name) => interfaceSysctl(name, 'src_valid_mark')));
  for (const family of [4, 6] as const) {
    if (config.uplinks.some((uplink) => uplink.family === family && uplink.weight !== undefined))
      keys.push(MULTIPATH_HASH_POLICY[family]);
  }
  return keys;
}

/** Effective rp_filter of an interface: max(all, interface); unknown values count as 0. */
export function effectiveRpFilter(sysctls: Readonly<Record<string, string>>, interfaceName: string): number {
  const all = Number(sysctls[RP_FILTER_ALL] ?? 0) || 0;
  const own = Number(sysctls[interfaceSysctl(interfaceName, 'rp_filter')] ?? 0) || 0;
  return Math.max(all, own);
}
