import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../applier/errors.js';
import { parseTopology } from './load-topology.js';

const article = readFileSync(new URL('./examples/article.yaml', import.meta.url), 'utf8');

function issuesOf(expectSection: string): string {
  try {
    parseTopology(`${article}${expectSection}`, 'lab.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the topology was accepted');
}

describe('the expect: section of a topology', () => {
  it('accepts inbound overrides and outbound pings, with phase and ok defaulted', () => {
    const topology = parseTopology(
      `${article}expect:
  - { uplink: isp2, protocol: forward, ok: false }
  - { from: router, source: isp3, via: isp3 }
  - { from: server, to: client2, via: isp1, ok: false, phase: both }
`,
      'lab.yaml',
    );
    expect(topology.expect).toEqual([
      { uplink: 'isp2', protocol: 'forward', ok: false, phase: 'after' },
      { from: 'router', source: 'isp3', via: 'isp3', ok: true, phase: 'after' },
      { from: 'server', to: 'client2', via: 'isp1', ok: false, phase: 'both' },
    ]);
  });

  it('names the file, line and field of an unknown uplink, sender or client', () => {
    const lines = article.split('\n').length;
    const message = issuesOf(`expect:
  - { uplink: isp9 }
  - { from: nas, to: client7, via: isp1 }
`);
    // The article ends with a newline, so `expect:` is on line `lines` and its first entry on the next.
    expect(message).toContain(
      `"isp9" names no ISP (known: isp1, isp2, isp3) → at expect[0].uplink (lab.yaml:${lines + 1}:`,
    );
    expect(message).toMatch(/"nas" is neither router nor a LAN host.*→ at expect\[1\]\.from \(lab\.yaml:/);
    expect(message).toMatch(/"client7" names no client.*→ at expect\[1\]\.to \(lab\.yaml:/);
  });

  it('refuses outbound entries without via or with a non-ping protocol, and unknown keys', () => {
    const message = issuesOf(`expect:
  - { from: router, protocol: tcp }
  - { uplink: isp1, gateway: isp2 }
`);
    expect(message).toMatch(/needs "via" .*→ at expect\[0\]\.via/);
    expect(message).toMatch(/must be icmp → at expect\[0\]\.protocol/);
    expect(message).toMatch(/unknown key "gateway" \(known keys: uplink, [^)]*\) → at expect\[1\]\.gateway/);
  });

  it('refuses an entry that matches no flow: the nodes it names share no address family', () => {
    const v4isp3 = article
      .replace('[203.0.113.0/24, 2001:db8:3::/64]', '[203.0.113.0/24]')
      .replace('[203.0.113.1, 2001:db8:3::1]', '[203.0.113.1]')
      .replace('[203.0.113.10, 2001:db8:3::10]', '[203.0.113.10]');
    const refusal = (section: string) => {
      try {
        parseTopology(`${v4isp3}${section}`, 'lab.yaml');
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
      }
      return 'accepted';
    };
    expect(refusal('expect:\n  - { uplink: isp3, family: ipv6, ok: false }\n')).toMatch(
      /this entry matches no flow: ISP isp3 has no IPv6 address → at expect\[0\]\.family/,
    );
    expect(refusal('expect:\n  - { from: router, source: isp3, family: ipv6, via: isp3 }\n')).toMatch(
      /ISP isp3 has no IPv6 address → at expect\[0\]\.family/,
    );
    expect(refusal('expect:\n  - { uplink: isp3, via: isp3 }\n')).toBe('accepted');
  });
});
