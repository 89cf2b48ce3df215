import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../topology/default-topology.js';
import { nodePlans } from '../topology/node-plans.js';
import { hubLines, planWiring } from './hub-wiring.js';

const plans = nodePlans(defaultTopology());

describe('planWiring', () => {
  it('gives every planned interface one veth on its segment’s bridge, with a stable, unique, local MAC', () => {
    const wiring = planWiring(plans);
    const planned = Object.entries(plans).flatMap(([node, plan]) =>
      plan.interfaces.map((i) => `${node} ${i.name} ${wiring.bridges[i.segment]}`),
    );
    expect(wiring.veths.map((v) => `${v.node} ${v.name} ${v.bridge}`)).toEqual(planned);
    const macs = wiring.veths.map((v) => v.mac);
    expect(new Set(macs).size).toBe(macs.length);
    expect(macs.every((mac) => /^02(:[0-9a-f]{2}){5}$/.test(mac))).toBe(true);
    expect(new Set(wiring.veths.map((v) => v.peer)).size).toBe(wiring.veths.length);
    expect(planWiring(plans)).toEqual(wiring);
  });
});

describe('hubLines', () => {
  const wiring = planWiring(plans);

  it('adds the bridges first, then each node end inside its namespace and the peer on its bridge', () => {
    const lines = hubLines(wiring, ['router'], (node) => `ns-${node}`, true)
      .trim()
      .split('\n');
    const bridges = Object.values(wiring.bridges);
    expect(lines.slice(0, 2 * bridges.length)).toEqual(
      bridges.flatMap((b) => [`link add ${b} type bridge mcast_snooping 0`, `link set ${b} up`]),
    );
    const [first] = wiring.veths.filter((v) => v.node === 'router');
    expect(lines.slice(2 * bridges.length, 2 * bridges.length + 3)).toEqual([
      `link add ${first?.name} address ${first?.mac} netns ns-router type veth peer name ${first?.peer}`,
      `link set ${first?.peer} master ${first?.bridge}`,
      `link set ${first?.peer} up`,
    ]);
    expect(lines).toHaveLength(2 * bridges.length + 3 * (plans.router?.interfaces.length ?? 0));
  });

  it('re-wires only the given node, without bridges (a gateway started again)', () => {
    const lines = hubLines(wiring, ['isp:isp1'], () => '4242', false)
      .trim()
      .split('\n');
    expect(lines.every((line) => !line.includes('type bridge'))).toBe(true);
    expect(lines.filter((line) => line.includes('netns 4242'))).toHaveLength(
      plans['isp:isp1']?.interfaces.length ?? 0,
    );
  });
});
