import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyHost, mustRun } from '../applier/index.js';
import type { StartedLab, Topology } from '../lab/index.js';
import { applierConfigFor } from '../lab/index.js';
import { applyFix, removeFix, routerConfig } from './support/applier-driver.js';
import { type LiveConnection, openLiveConnection } from './support/live-connection.js';
import { type RouterState, routerState } from './support/router-state.js';
import { useScenarioLab } from './support/scenario-lab.js';

const FIX = { families: [4], lan: true } as const;
const ISP3 = '203.0.113.10';
const ROUTER_ADDRESS = { isp1: '198.51.100.10', isp2: '192.0.2.10', isp3: ISP3 } as const;

// Issue 9 §6: a port-forwarded connection carries its arrival uplink's conntrack mark for as long as
// it lives, and the LAN side's replies are routed by that mark. The connection here arrives via
// isp3 and gets isp3's mark at the first apply. Then the config drops isp1, and later adds it back
// at the END of the list. With marks by list position (mark = index + 1) the first change makes
// isp2 0x1 and isp3 0x2: the connection's ct mark 0x3 then matches no fwmark rule, its replies take
// the main default (isp2 here), whose BCP38 gateway drops a 203.0.113.10 source, so the exchange
// after that apply gets no echo and the isp3 gateway carries nothing. The second change gives the
// re-added isp1 mark 0x3, so the replies go to isp1's table and die there the same way. The checks
// that fail there: the echo, the gateway evidence, and "isp3's mark rule still sets the connection's
// mark". The ct mark itself is set once, at `ct state new`, so it must not change either way; it is
// asserted so the test sees the connection it thinks it sees (one tracked entry, never re-created).
// Checked by hand: pinning position marks with `mark: index + 1` per uplink in `applyIsps` fails the
// second and third tests exactly so (isp2's gateway dropped the replies as spoofed, then isp1's).
describe('scenario 17: stable marks keep a live port-forwarded connection on its uplink', () => {
  const lab = useScenarioLab('17-stable-marks');
  let connection: LiveConnection | undefined;
  let prior: RouterState | undefined;
  let mark: number | undefined;
  const live = () => {
    if (connection === undefined) throw new Error('the live connection was not opened');
    return connection;
  };

  beforeAll(async () => {
    prior = await routerState(lab());
  });
  afterAll(async () => {
    await connection?.close();
    await removeFix(lab(), FIX);
  });

  it('answers via isp3 after the article config with lan: is applied', async () => {
    expect((await applyFix(lab(), FIX)).length).toBeGreaterThan(0);
    connection = await openLiveConnection(lab(), {
      client: 'client1',
      routerAddress: ISP3,
      lanHost: 'server',
      lanAddress: '10.10.0.10',
      port: 8081,
      lanPort: 81,
    });
    await expectAnswerViaIsp3(lab(), live(), 'line-1 after the article config');
    mark = await connectionMark(lab());
    expect(mark, 'the connection carries isp3 mark rule value').toBe(await uplinkMark(lab(), 'isp3'));
  });

  it('keeps answering via isp3 on the same connection when isp1 leaves the config', async () => {
    await applyIsps(lab(), ['isp2', 'isp3']);
    await expectAnswerViaIsp3(lab(), live(), 'line-2 after isp1 left');
    expect(await connectionMark(lab())).toBe(mark);
    expect(await uplinkMark(lab(), 'isp3')).toBe(mark);
  });

  it('keeps answering via isp3 when isp1 comes back at the end of the list, with a new mark', async () => {
    await applyIsps(lab(), ['isp2', 'isp3', 'isp1']);
    await expectAnswerViaIsp3(lab(), live(), 'line-3 after isp1 came back last');
    expect(await connectionMark(lab())).toBe(mark);
    expect(await uplinkMark(lab(), 'isp3')).toBe(mark);
    expect(await uplinkMark(lab(), 'isp1')).not.toBe(mark);
  });

  it('remove returns the router to the state before the first apply', async () => {
    await removeFix(lab(), FIX);
    const after = await routerState(lab());
    expect(after.rules4).toEqual(prior?.rules4);
    expect(after.routes4).toEqual(prior?.routes4);
    expect(after.sysctls).toEqual(prior?.sysctls);
    expect(after.iproute2).toEqual(prior?.iproute2);
  });
});

/** Applies a config of the named ISPs in this order (IPv4, with lan:, isp2 the default) through the applier. */
async function applyIsps(lab: StartedLab, names: readonly string[]): Promise<void> {
  const topology: Topology = {
    ...lab.topology,
    defaultIsp: 'isp2',
    isps: names.map((name) => {
      const isp = lab.topology.isps.find((candidate) => candidate.name === name);
      if (isp === undefined) throw new Error(`no ISP ${name} in the lab`);
      return isp;
    }),
  };
  const text = applierConfigFor(topology, FIX);
  await applyHost(lab.runner('router'), await routerConfig(lab, text, `${lab.name}/${names.join('-')}.yaml`));
}

/** One line on the live connection: its echo comes back, and only the isp3 gateway carried the replies. */
async function expectAnswerViaIsp3(lab: StartedLab, connection: LiveConnection, line: string): Promise<void> {
  const { result: echoed, evidence } = await lab.observe(() => connection.exchange(line));
  const from = (isp: string) => evidence.gateways.find((gateway) => gateway.isp === isp);
  const summary = JSON.stringify(evidence.gateways);
  expect(echoed, `${line}: echo on the live connection (gateways: ${summary})`).toBe(true);
  expect(from('isp3')?.fromRouter[ISP3] ?? 0, `${line}: isp3 carried the replies`).toBeGreaterThan(0);
  for (const isp of ['isp1', 'isp2']) {
    expect(from(isp)?.fromRouter[ISP3] ?? 0, `${line}: ${isp} carried none of them`).toBe(0);
    expect(from(isp)?.spoofedDropped ?? 0, `${line}: ${isp} dropped none of them`).toBe(0);
  }
}

/** The conntrack mark of the one tracked connection to port 8081 (there must be exactly one). */
async function connectionMark(lab: StartedLab): Promise<number> {
  const text = await mustRun(lab.runner('router'), [
    'conntrack',
    '-L',
    '-p',
    'tcp',
    '--orig-dst',
    ISP3,
    '--dport',
    '8081',
  ]);
  const marks = [...text.matchAll(/\bmark=(\d+)/g)].map((match) => Number(match[1]));
  expect(marks, `one tracked connection to ${ISP3}:8081:\n${text}`).toHaveLength(1);
  return marks[0] ?? Number.NaN;
}

/** The ct mark the `inet multihome` table gives new connections to an uplink's router address. */
async function uplinkMark(lab: StartedLab, isp: keyof typeof ROUTER_ADDRESS): Promise<number> {
  const text = await mustRun(lab.runner('router'), ['nft', 'list', 'table', 'inet', 'multihome']);
  const line = text
    .split('\n')
    .find((l) => l.includes(`daddr ${ROUTER_ADDRESS[isp]} `) && l.includes('ct mark set'));
  const hex = line?.match(/(0x[0-9a-f]+)\s*$/)?.[1];
  expect(hex, `the mark rule for ${isp} in:\n${text}`).toBeDefined();
  return Number(hex);
}
