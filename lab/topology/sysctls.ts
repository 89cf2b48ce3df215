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
  const out: Record<string, string> = {};
  const forwarding = profile.forwarding ? '1' : '0';
  out['net.ipv4.ip_forward'] = forwarding;
  for (const scope of scopes) {
    const v4 = `net.ipv4.conf.${scope}`;
    const v6 = `net.ipv6.conf.${scope}`;
    out[`${v4}.rp_filter`] = String(profile.rpFilter);
    out[`${v4}.accept_redirects`] = '0';
    out[`${v4}.send_redirects`] = '0';
    if (profile.srcValidMark) out[`${v4}.src_valid_mark`] = '0';
    out[`${v6}.forwarding`] = forwarding;
    out[`${v6}.disable_ipv6`] = '0';
    out[`${v6}.accept_dad`] = '0';
    out[`${v6}.accept_ra`] = '0';
    out[`${v6}.accept_redirects`] = '0';
  }
  return out;
}
