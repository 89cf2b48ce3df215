import type { CommandRunner } from '../../runner/command-runner.js';

/** The per-namespace knobs the world pins; new namespaces would otherwise inherit the host's. */
export type SysctlPolicy = {
  readonly forwarding: boolean;
  /** rp_filter for `all`, `default` and every interface not listed in `rpFilterPerInterface`. */
  readonly rpFilter: 0 | 1 | 2;
  readonly rpFilterPerInterface?: Readonly<Record<string, 0 | 1 | 2>>;
};

/** Every sysctl the world sets in one namespace, `all`/`default` first, then per interface. */
export function sysctlsFor(policy: SysctlPolicy, interfaces: readonly string[]): Record<string, string> {
  const forward = policy.forwarding ? '1' : '0';
  const out: Record<string, string> = {
    'net.ipv4.ip_forward': forward,
    'net.ipv6.conf.all.forwarding': forward,
    'net.ipv6.conf.default.forwarding': forward,
  };
  for (const scope of ['all', 'default', ...interfaces]) {
    const rp = policy.rpFilterPerInterface?.[scope] ?? policy.rpFilter;
    out[`net.ipv4.conf.${scope}.rp_filter`] = String(rp);
    out[`net.ipv4.conf.${scope}.accept_redirects`] = '0';
    out[`net.ipv4.conf.${scope}.send_redirects`] = '0';
    out[`net.ipv6.conf.${scope}.accept_redirects`] = '0';
    out[`net.ipv6.conf.${scope}.accept_ra`] = '0';
    out[`net.ipv6.conf.${scope}.accept_dad`] = '0';
  }
  return out;
}

/** Writes the sysctls in one `sysctl -w` and reads every one back; throws on any mismatch. */
export async function pinSysctls(runner: CommandRunner, values: Record<string, string>): Promise<void> {
  const pairs = Object.entries(values).map(([key, value]) => `${key}=${value}`);
  const written = await runner.run(['sysctl', '-q', '-w', ...pairs]);
  if (written.exitCode !== 0) throw new Error(`${runner.where}: sysctl -w failed: ${written.stderr}`);
  const actual = await readSysctls(runner, Object.keys(values));
  const wrong = Object.entries(values).filter(([key, value]) => actual[key] !== value);
  if (wrong.length > 0) {
    const shown = wrong.map(([key, value]) => `${key}=${actual[key]} (wanted ${value})`).join(', ');
    throw new Error(`${runner.where}: sysctls did not stick: ${shown}`);
  }
}

/** Reads sysctls by key in one process. */
export async function readSysctls(
  runner: CommandRunner,
  keys: readonly string[],
): Promise<Record<string, string>> {
  const result = await runner.run(['sysctl', ...keys]);
  if (result.exitCode !== 0) throw new Error(`${runner.where}: sysctl read failed: ${result.stderr}`);
  const out: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const match = /^(\S+) = (.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) out[match[1]] = match[2];
  }
  return out;
}
