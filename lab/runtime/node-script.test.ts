import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalRunner } from '../../applier/runner/local-runner.js';
import { nodeScript, SYSCTL_MARK, sysctlMismatches } from './node-script.js';

const plan = {
  interfaces: [
    { segment: 'wan0', name: 'eth0' },
    { segment: 'lan', name: 'eth1' },
  ],
  sysctls: { 'net.ipv4.ip_forward': '1', 'net.ipv4.ping_group_range': '0 2147483647' },
  commands: [['ip', 'addr', 'add', '198.51.100.10/24', 'dev', 'eth0', 'label', "eth0:it's"]],
  nftRuleset: 'table inet lab {}\n',
  services: [{ argv: ['socat', 'TCP-LISTEN:7,fork', 'EXEC:cat'], description: 'echo' }],
};

describe('nodeScript', () => {
  it('brings loopback up, then sysctls, commands, nft, services, the wait until they listen, extra lines, read-back', () => {
    const { script } = nodeScript(plan, ['echo extra']);
    const order = [
      'ip link set dev lo up',
      'sysctl -q -w net.ipv4.ip_forward=1',
      "'eth0:it'\\''s'",
      'nft -f -',
      'setsid socat TCP-LISTEN:7,fork EXEC:cat </dev/null',
      'ss -Hltun',
      'echo extra',
      'sysctl net.ipv4.ip_forward net.ipv4.ping_group_range |',
    ].map((fragment) => script.indexOf(fragment));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(script).toContain(`nft -f - <<'MH_NFT_RULESET_END'\n${plan.nftRuleset}MH_NFT_RULESET_END\n`);
  });

  it("runs a script over the kernel's 128 KiB argument limit, every command and the ruleset whole", async () => {
    // Fake ip and nft on PATH log what they were given, so nothing touches this host.
    const dir = mkdtempSync(join(tmpdir(), 'mh-node-script-'));
    const log = join(dir, 'log');
    for (const tool of ['ip', 'nft']) {
      writeFileSync(
        join(dir, tool),
        `#!/bin/sh\necho "${tool} $*" >> ${log}\n[ ${tool} = ip ] || cat >> ${log}\n`,
      );
      chmodSync(join(dir, tool), 0o755);
    }
    const big = {
      ...plan,
      sysctls: {},
      services: [],
      commands: Array.from({ length: 4000 }, (_, n) => [
        'ip',
        'route',
        'add',
        `10.${n >> 8}.${n & 255}.0/24`,
        'via',
        '192.0.2.1',
      ]),
    };
    try {
      const { argv, script } = nodeScript(big);
      expect(script.length).toBeGreaterThan(128 * 1024);
      const env = { PATH: `${dir}:${process.env.PATH ?? ''}` };
      const result = await new LocalRunner([], 'local', env).run(argv, { input: script });
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      const lines = readFileSync(log, 'utf8').split('\n');
      expect(lines.filter((line) => line.startsWith('ip route add'))).toHaveLength(4000);
      expect(lines.slice(-3)).toEqual(['nft -f -', 'table inet lab {}', '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes all sysctls with one process and reads them back with one more', () => {
    const { script } = nodeScript(plan);
    const sysctlLines = script.split('\n').filter((line) => line.startsWith('sysctl '));
    expect(sysctlLines).toEqual([
      "sysctl -q -w net.ipv4.ip_forward=1 'net.ipv4.ping_group_range=0 2147483647'",
      `sysctl net.ipv4.ip_forward net.ipv4.ping_group_range | while IFS= read -r line; do echo "${SYSCTL_MARK} $line"; done`,
    ]);
  });

  it('touches no interface by anything but its planned name: the hub created them so', () => {
    const { script } = nodeScript(plan);
    expect(script).not.toMatch(/ name |addr flush|route flush/);
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
