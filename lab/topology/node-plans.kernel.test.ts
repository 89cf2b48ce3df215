import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../applier/e2e/world/wait-for.js';
import { defaultTopology } from './default-topology.js';
import { evidenceCounterNames, parseCounters } from './evidence-counters.js';
import { nodePlans } from './node-plans.js';
import { type NetnsLab, netnsLab } from './test-support/netns-lab.js';

const topology = defaultTopology();
const counters = evidenceCounterNames(topology);

// The article lab built from the node plans in network namespaces: the bug must show before any fix.
describe('node plans of the article topology, applied in network namespaces', () => {
  let lab: NetnsLab;
  beforeAll(() => {
    lab = netnsLab(nodePlans(topology));
  });
  afterAll(() => lab?.dispose());

  const spoofedAt = (isp: string) => {
    const names = counters.find((c) => c.isp === isp);
    if (!names) throw new Error(`no counters for ${isp}`);
    return parseCounters(
      lab.exec(names.node, ['nft', '-j', 'list', 'counters', 'table', 'inet', 'lab']).stdout,
      names,
    );
  };
  const fromClient = (argv: readonly string[]) => lab.exec('client:client1', argv);

  it('removed the Docker-like default route from every node but the router and LAN host', () => {
    for (const node of ['client:client1', 'isp:isp1', 'isp:isp3']) {
      expect(lab.exec(node, ['ip', '-4', 'route', 'show', 'default']).stdout, node).toBe('');
    }
    expect(lab.exec('router', ['ip', '-4', 'route', 'show', 'default']).stdout).toContain(
      'via 198.51.100.1 dev eth0',
    );
  });

  it.each(['198.51.100.10', '2001:db8:1::10'])(
    'answers a ping to %s (default uplink) via isp1',
    (address) => {
      const before = spoofedAt('isp1').fromRouter[address] ?? 0;
      expect(fromClient(['ping', '-c1', '-W2', address]).status).toBe(0);
      expect(spoofedAt('isp1').fromRouter[address]).toBeGreaterThan(before);
    },
  );

  it.each(['192.0.2.10', '203.0.113.10', '2001:db8:3::10'])(
    'loses the reply to a ping to %s: it leaves via isp1 and is dropped there as spoofed',
    (address) => {
      const before = spoofedAt('isp1').spoofedDropped;
      expect(fromClient(['ping', '-c1', '-W1', address]).status).not.toBe(0);
      expect(spoofedAt('isp1').spoofedDropped).toBeGreaterThan(before);
    },
  );

  it('forwards tcp 8080 on the default uplink to the LAN server', async () => {
    const answer = await waitFor('the port-forwarded server', async () => {
      const result = fromClient(['socat', '-T2', '-', 'TCP:198.51.100.10:8080,connect-timeout=2']);
      return result.stdout.includes('hello from server') ? result.stdout : undefined;
    });
    expect(answer.trim()).toBe('hello from server');
  });

  it('echoes UDP on port 7 from the bound default-uplink address', async () => {
    const echo = await waitFor('the bound UDP echo', async () => {
      const result = lab.exec('client:client1', ['sh', '-c', 'echo ping7 | socat -T1 - UDP:198.51.100.10:7']);
      return result.stdout.includes('ping7') ? result.stdout : undefined;
    });
    expect(echo.trim()).toBe('ping7');
  });
});
