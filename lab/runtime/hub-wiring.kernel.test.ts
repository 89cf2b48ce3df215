import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TestNamespace } from '../../applier/test-support/test-namespace.js';
import { type HubWiring, untilOldPeersGone } from './hub-wiring.js';

// One node, isp1, whose hub end is v0; another node's v2 must not be waited for.
const wiring: HubWiring = {
  bridges: { wan1: 'br0' },
  veths: [
    { node: 'isp1', name: 'eth0', mac: '02:00:00:00:00:01', peer: 'v0', bridge: 'br0' },
    { node: 'router', name: 'eth0', mac: '02:00:00:00:00:02', peer: 'v2', bridge: 'br0' },
  ],
};

describe('untilOldPeersGone, in a namespace standing in for the hub', () => {
  it('waits while the node’s old hub end is there, goes on once it is gone, and ignores other nodes', async () => {
    await using hub = TestNamespace.createSync('hubw');
    hub.sh(['ip', 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    hub.sh(['ip', 'link', 'add', 'v2', 'type', 'veth', 'peer', 'name', 'v3']);
    const script = `${untilOldPeersGone(wiring, 'isp1')}[ -e /sys/class/net/v0 ] && echo still || echo gone`;
    let ended = false;
    const waiting = hub.runner.run(['sh', '-c', script]).finally(() => {
      ended = true;
    });
    await sleep(300); // the kernel's teardown, late
    expect(ended).toBe(false);
    hub.sh(['ip', 'link', 'del', 'v0']);
    const result = await waiting;
    expect(result).toMatchObject({ exitCode: 0, stdout: 'gone\n' });
    expect(untilOldPeersGone(wiring, 'lan')).toBe('');
  });
});
