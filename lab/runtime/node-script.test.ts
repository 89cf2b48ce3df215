import { describe, expect, it } from 'vitest';
import { nodeScript, SYSCTL_MARK, sysctlMismatches } from './node-script.js';

const plan = {
  interfaces: [
    { segment: 'wan0', name: 'eth0' },
    { segment: 'lan', name: 'eth1' },
  ],
  sysctls: { 'net.ipv4.ip_forward': '1', 'net.ipv4.ping_group_range': '0 2147483647' },
  reset: [['ip', '-4', 'addr', 'flush', 'dev', 'eth0']],
  commands: [['ip', 'addr', 'add', '198.51.100.10/24', 'dev', 'eth0', 'label', "eth0:it's"]],
  nftRuleset: 'table inet lab {}\n',
  services: [{ argv: ['socat', 'TCP-LISTEN:7,fork', 'EXEC:cat'], description: 'echo' }],
};

describe('nodeScript', () => {
  it('renames by subnet through temporary names, then sysctls, commands, nft, services, read-back', () => {
    const { script, input } = nodeScript(plan, {
      subnetBySegment: { wan0: '10.201.0.0/27', lan: '10.201.0.32/27' },
    });
    const order = [
      'mh_dev 10.201.0.0/27',
      'name mhtmp0',
      'mh_dev 10.201.0.32/27',
      'name mhtmp1',
      'dev mhtmp0 name eth0',
      'dev mhtmp1 name eth1',
      'sysctl -q -w net.ipv4.ip_forward=1',
      'ip -4 addr flush dev eth0',
      "'eth0:it'\\''s'",
      'nft -f -',
      'setsid socat TCP-LISTEN:7,fork EXEC:cat </dev/null',
      'sysctl net.ipv4.ip_forward net.ipv4.ping_group_range |',
    ].map((fragment) => script.indexOf(fragment));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(input).toBe(plan.nftRuleset);
  });

  it('writes all sysctls with one process and reads them back with one more', () => {
    const { script } = nodeScript(plan, {
      subnetBySegment: { wan0: '10.201.0.0/27', lan: '10.201.0.32/27' },
    });
    const sysctlLines = script.split('\n').filter((line) => line.startsWith('sysctl '));
    expect(sysctlLines).toEqual([
      "sysctl -q -w net.ipv4.ip_forward=1 'net.ipv4.ping_group_range=0 2147483647'",
      `sysctl net.ipv4.ip_forward net.ipv4.ping_group_range | while IFS= read -r line; do echo "${SYSCTL_MARK} $line"; done`,
    ]);
  });

  it('brings loopback up instead of renaming when the runtime named the interfaces, and waits for listeners', () => {
    const { script } = nodeScript(plan, { named: true });
    expect(script).not.toContain('mh_dev');
    expect(script).not.toContain('addr flush');
    expect(script).toContain('ip link set dev lo up');
    expect(script.indexOf('ss -Hltun')).toBeGreaterThan(script.indexOf('setsid socat'));
  });

  it('refuses a plan interface whose segment has no endpoint', () => {
    expect(() => nodeScript(plan, { subnetBySegment: { wan0: '10.201.0.0/27' } })).toThrow(/segment lan/);
  });
});

describe('sysctlMismatches', () => {
  it('reads `sysctl KEY...` lines, accepts other whitespace, and names what did not stick', () => {
    const stdout = [
      `${SYSCTL_MARK} net.ipv4.ip_forward = 0`,
      `${SYSCTL_MARK} net.ipv4.ping_group_range = 0\t2147483647`,
      'noise',
    ].join('\n');
    expect(sysctlMismatches(plan, stdout)).toEqual(['net.ipv4.ip_forward: want 1 → got 0']);
  });

  it('reports a sysctl that was never read back', () => {
    expect(sysctlMismatches(plan, '')).toHaveLength(2);
  });
});
