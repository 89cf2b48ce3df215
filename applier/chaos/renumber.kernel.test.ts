import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach, type NetnsHost } from '../apply/test-support/netns-host.js';
import { applyHost, loadConfigFor, removeHost, verifyHost } from '../index.js';
import { fullSnapshot } from './chaos-support.js';

const host = disposedAfterEach();

// A fresh link up0 with no address of its own, so every address on it is one multihome added.
function withUplinkLink(h: NetnsHost, promote: '0' | '1'): void {
  h.sh(['ip', 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'q0']);
  h.sh(['ip', 'link', 'set', 'q0', 'netns', h.peer]);
  h.sh(['ip', 'link', 'set', 'up0', 'up']);
  h.sh(['sysctl', '-q', '-w', `net.ipv4.conf.up0.promote_secondaries=${promote}`]);
}

const uplink = (name: string, address: string) =>
  `  - name: ${name}\n    interface: up0\n    address: ${address}\n    gateway: 10.92.0.1\n`;

async function applyText(h: NetnsHost, text: string) {
  writeFileSync(h.configPath, text);
  const config = await loadConfigFor(h.runner, h.configPath);
  await applyHost(h.runner, config);
  return config;
}

function addresses(h: NetnsHost): string[] {
  const links = JSON.parse(h.sh(['ip', '-j', '-4', 'address', 'show', 'dev', 'up0'])) as {
    addr_info: { local: string; prefixlen: number }[];
  }[];
  return links.flatMap((link) => link.addr_info.map((info) => `${info.local}/${info.prefixlen}`)).sort();
}

describe.each(['0', '1'] as const)('with promote_secondaries=%s', (promote) => {
  it('renumbers an uplink within its subnet without losing the address, its routes or the default', async () => {
    const h = host(`rn${promote}`);
    withUplinkLink(h, promote);
    const before = fullSnapshot(h);
    await applyText(h, `uplinks:\n${uplink('x', '10.92.0.7/24')}default: x\n`);
    const config = await applyText(h, `uplinks:\n${uplink('x', '10.92.0.8/24')}default: x\n`);
    expect(addresses(h)).toEqual(['10.92.0.8/24']);
    expect(h.sh(['ip', '-4', 'route', 'show', 'table', String(config.uplinks[0]?.table)])).toContain(
      'default via 10.92.0.1 dev up0',
    );
    expect(h.sh(['ip', '-4', 'route', 'show', 'default'])).toContain('via 10.92.0.1 dev up0');
    expect((await verifyHost(h.runner, config)).ok).toBe(true);
    expect(h.sh(['sysctl', '-n', 'net.ipv4.conf.up0.promote_secondaries']).trim()).toBe(promote);
    await removeHost(h.runner);
    expect(fullSnapshot(h)).toEqual(before);
  });

  it('drops the first of two uplinks in one subnet and keeps the second whole', async () => {
    const h = host(`rf${promote}`);
    withUplinkLink(h, promote);
    const before = fullSnapshot(h);
    await applyText(h, `uplinks:\n${uplink('x', '10.92.0.7/24')}${uplink('y', '10.92.0.9/24')}default: x\n`);
    const config = await applyText(h, `uplinks:\n${uplink('y', '10.92.0.9/24')}default: y\n`);
    expect(addresses(h)).toEqual(['10.92.0.9/24']);
    expect((await verifyHost(h.runner, config)).ok).toBe(true);
    expect(h.sh(['ip', '-4', 'route', 'show', 'default'])).toContain('via 10.92.0.1 dev up0');
    await removeHost(h.runner);
    expect(fullSnapshot(h)).toEqual(before);
  });
});
