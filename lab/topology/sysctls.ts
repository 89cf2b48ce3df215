/** What a node's kernel must do, independent of what the host's namespace defaults were. */
export type SysctlProfile = {
  readonly forwarding: boolean;
  readonly rpFilter: 0 | 1 | 2;
  /** Planned interface names; per-interface keys use them, so apply after renaming. */
  readonly interfaces: readonly string[];
  /** Also pin `src_valid_mark` to 0 (the router's starting point; multihome sets it per interface). */
  readonly srcValidMark?: boolean;
};

/** Every relevant sysctl set explicitly: a new namespace inherits the host's `all`/`default` values. */
export function sysctlsFor(profile: SysctlProfile): Record<string, string> {
  const scopes = ['all', 'default', ...profile.interfaces];
  const forwarding = profile.forwarding ? '1' : '0';
  // IPv6 comes back on (without DAD) first, so the IPv6 keys after it apply to live interfaces.
  const v6First: [string, string][] = [
    ['accept_dad', '0'],
    ['disable_ipv6', '0'],
  ];
  const v6: [string, string][] = [
    ['forwarding', forwarding],
    ['accept_ra', '0'],
    ['accept_redirects', '0'],
  ];
  const v4: [string, string][] = [
    ['rp_filter', String(profile.rpFilter)],
    ['accept_redirects', '0'],
    ['send_redirects', '0'],
    ...(profile.srcValidMark ? [['src_valid_mark', '0'] as [string, string]] : []),
  ];
  const out: Record<string, string> = {};
  const set = (family: 'ipv4' | 'ipv6', keys: [string, string][]) => {
    for (const [key, value] of keys)
      for (const scope of scopes) out[`net.${family}.conf.${scope}.${key}`] = value;
  };
  set('ipv6', v6First);
  out['net.ipv4.ip_forward'] = forwarding;
  set('ipv4', v4);
  set('ipv6', v6);
  return out;
}
