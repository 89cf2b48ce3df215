import { sysctlKey } from './sysctl-keys.js';

/**
 * One `sh` that prints every IPv4 rp_filter and src_valid_mark (and the multipath hash policies) as `path=value` with shell builtins
 * only: one process however many interfaces there are (the benchmark has 200 uplinks). dash's `read`
 * returns 1 on /proc/sys files even though it read the value, hence the test on `$v`.
 */
export const SYSCTL_READ_ARGV: readonly string[] = [
  'sh',
  '-c',
  'for f in /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/src_valid_mark ' +
    '/proc/sys/net/ipv4/fib_multipath_hash_policy /proc/sys/net/ipv6/fib_multipath_hash_policy; do ' +
    'v=; read -r v < "$f"; [ -n "$v" ] && printf \'%s=%s\\n\' "$f" "$v"; done; true',
];

/** Parses the `path=value` lines of `SYSCTL_READ_ARGV` into sysctl keys and values. */
export function parseSysctls(stdout: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0 || !line.startsWith('/proc/sys/')) continue;
    values[sysctlKey(line.slice(0, at))] = line.slice(at + 1).trim();
  }
  return values;
}
