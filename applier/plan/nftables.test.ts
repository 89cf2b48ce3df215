import { describe, expect, it } from 'vitest';
import { ISP1, ISP2, ISP6, makeConfig } from '../test-support/fixtures/configs.js';
import { nftRuleCount, nftTableFor } from './nftables.js';

describe('nftTableFor', () => {
  it('is null without lan: only forwarded traffic needs marks', () => {
    expect(nftTableFor(makeConfig())).toBeNull();
  });

  it('marks new connections by interface AND address, so two uplinks can share eth0', () => {
    const text = nftTableFor(makeConfig({ lan: ['lan0'] }))?.text ?? '';
    expect(text).toContain(
      'iifname "eth0" ip daddr 198.51.100.10 ct state new ct mark set ct mark and 0xffffff00 or 0x1',
    );
    expect(text).toContain(
      'iifname "eth0" ip daddr 203.0.113.10 ct state new ct mark set ct mark and 0xffffff00 or 0x2',
    );
  });

  it('copies the masked conntrack mark to the packet mark for LAN packets, keeping foreign bits', () => {
    const table = nftTableFor(makeConfig({ uplinks: [ISP1, ISP6], lan: ['lan0', 'lan1'] }));
    expect(table?.text).toContain(
      'iifname "lan1" ct mark and 0xff == 0x3 meta mark set meta mark and 0xffffff00 or 0x3',
    );
    expect(table?.text).toContain('ip6 daddr 2001:db8:1::10');
    expect(table === null ? 0 : nftRuleCount(table)).toBe(2 + 2 * 2);
  });

  it('is one prerouting chain at mangle priority, with the digest as table and first-rule comment', () => {
    const table = nftTableFor(makeConfig({ lan: ['lan0'] }));
    expect(table?.digest).toMatch(/^multihome-[0-9a-f]{16}$/);
    expect(table?.text.startsWith(`table inet multihome {\n\tcomment "${table.digest}"\n`)).toBe(true);
    expect(table?.text).toContain('type filter hook prerouting priority mangle; policy accept;');
    expect(table?.text).toContain(`or 0x1 comment "${table?.digest}"`);
  });

  it('changes the digest when and only when the rules change', () => {
    const a = nftTableFor(makeConfig({ lan: ['lan0'] }));
    const b = nftTableFor(makeConfig({ lan: ['lan0'], file: '/elsewhere.yaml' }));
    const c = nftTableFor(makeConfig({ lan: ['lan0'], uplinks: [ISP1, { ...ISP2, mark: 5 }] }));
    expect(a?.digest).toBe(b?.digest);
    expect(a?.digest).not.toBe(c?.digest);
  });
});
