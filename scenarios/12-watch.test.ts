import { afterAll, beforeAll, describe, it, type TestFunction } from 'vitest';
import { parse, stringify } from 'yaml';
import { requireBuiltCli } from '../applier/e2e/cli-path.js';
import { flowSpecs, runFlows, type StartedLab } from '../lab/index.js';
import { fixConfigText } from './support/applier-driver.js';
import { expectFlows, showFlows, viaOwnUplink } from './support/assert-flows.js';
import { routerCli, routerCliMounts } from './support/router-cli.js';
import { routerState } from './support/router-state.js';
import { useScenarioLabs } from './support/scenario-lab.js';
import {
  countAtGateways,
  routerStatus,
  routerTimeUntil,
  signalRouterWatch,
  startRouterWatch,
  timeUntil,
  WATCH,
  watchLog,
} from './support/watch-driver.js';

// Probes go to the ISP gateway itself, from the uplink's address through its own table: delivered to
// the gateway, never forwarded, so the gateways' forward counters (the scenario's evidence) never see
// them, and a stopped gateway answers nothing.
const CHECK = { interval: '500ms', timeout: '100ms', down: 3, up: 2 };
// The issue's bounds (drift back within 1 s; failover within interval × down + 1 s = 2.5 s) are
// measured and recorded by the watch benchmark in namespaces (README): on this shared machine the
// load alone can exceed them, and timings belong in benchmarks. Here each must happen, within a
// deadline no healthy machine reaches, and the time it took is printed.
const FAILOVER_BOUND_MS = 500 * 3 + 1000;
const DEADLINE_MS = 10_000;
const CLIENT = '100.64.0.101';
const PORT = 8000;

type UplinkYaml = { name: string; check?: unknown; weight?: number };

// The lab's fix for the router (IPv4, with the LAN), every uplink health-checked, in failover order.
function watchConfig(
  lab: StartedLab,
  options: { uplinks: string[]; weights?: Record<string, number> },
): string {
  const doc = parse(fixConfigText(lab, { families: [4], lan: true })) as { uplinks: UplinkYaml[] } & Record<
    string,
    unknown
  >;
  doc.uplinks = doc.uplinks
    .filter((uplink) => options.uplinks.includes(uplink.name))
    .map((uplink) => ({
      ...uplink,
      check: { targets: [gatewayOf(lab, uplink.name)], ...CHECK },
      ...(options.weights?.[uplink.name] === undefined ? {} : { weight: options.weights[uplink.name] }),
    }));
  doc.failover = options.uplinks;
  doc.flushOnFailover = true;
  return stringify(doc);
}

function gatewayOf(lab: StartedLab, isp: string): string {
  const gateway = lab.topology.isps
    .find((candidate) => candidate.name === isp)
    ?.gateways.find((g) => !g.includes(':'));
  if (gateway === undefined) throw new Error(`no IPv4 gateway for ${isp}`);
  return gateway;
}

const DNSMASQ =
  'dnsmasq --conf-file=/dev/null --port=0 --interface=wan --bind-interfaces --dhcp-authoritative --no-ping ' +
  '--dhcp-option=3,203.0.113.1 --dhcp-leasefile=/run/mh-dnsmasq.leases --pid-file=/run/mh-dnsmasq.pid';
const DHCLIENT_ARGS = '-sf /run/mh-dhcp-hook.sh -lf /run/mh-dhclient.leases -pf /run/mh-dhclient.pid eth1';
const DHCLIENT = `dhclient -nw ${DHCLIENT_ARGS}`;
const DHCP_HOOK = `#!/bin/sh
case "$reason" in
BOUND|RENEW|REBIND|REBOOT)
  if [ -n "$old_ip_address" ] && [ "$old_ip_address" != "$new_ip_address" ]; then
    ip address del "$old_ip_address/$old_subnet_mask" dev "$interface"
  fi
  ip address replace "$new_ip_address/$new_subnet_mask" dev "$interface"
  for r in $new_routers; do ip route replace default via "$r" dev "$interface" proto dhcp metric 100; break; done ;;
EXPIRE|FAIL|RELEASE|STOP)
  if [ -n "$old_ip_address" ]; then ip address del "$old_ip_address/$old_subnet_mask" dev "$interface"; fi ;;
esac
exit 0
`;

// New outbound TCP connections to client1 (from the router itself, or from a LAN host through it),
// four at a time; prints how many were answered.
const connect = (lab: StartedLab, node: 'router' | 'lan:server', times = 1) =>
  lab.exec(node, [
    'sh',
    '-c',
    `w=${Math.min(4, times)}; for k in $(seq $w); do (i=$k; while [ $i -le ${times} ]; do socat -T 2 TCP:${CLIENT}:${PORT},connect-timeout=2 - </dev/null; i=$((i+w)); done) & done | grep -c ok`,
  ]);
const MAIN_DEFAULT = 'ip -4 route show table main default';
// A router-side condition: the main table's IPv4 default route mentions `text`.
const mainDefaultHas = (text: string) => `${MAIN_DEFAULT} | grep -qF '${text}'`;
const routerSh = (lab: StartedLab, script: string) => lab.exec('router', ['sh', '-c', script]);

// A test that starts when the one before it in its group has ended (the groups run side by side).
const inOrder = (name: string, fn: TestFunction) => it(name, { concurrent: false }, fn);

// Two routers, each with its own watch of ISP1 and ISP2, side by side: drift, failover and SIGHUP
// in one; balancing and the DHCP lease in the other, whose tests reload their own files. The
// tests of one router run in order; the behaviours' own timers (health checks, failover and back)
// are what the file waits for, so the two groups overlap their waiting.
describe.concurrent('scenario 12: multihome watch keeps the router right', () => {
  const labs = useScenarioLabs(['12-watch', '12-watch-balance'], undefined, routerCliMounts());

  beforeAll(async () => {
    await requireBuiltCli();
    await Promise.all(labs.map((lab) => startWatchedRouter(lab())));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(labs.map((lab) => stopWatchedRouter(lab())));
  });

  describe('drift, failover, SIGHUP', () => {
    const [lab] = labs;

    inOrder(
      'repairs drift: a deleted rule, a flushed table, an address taken away, a link flap',
      async ({ expect }) => {
        const faults: [string, string, string][] = [
          ['a deleted rule', 'ip rule del pref 10001', 'ip rule show pref 10001 | grep -q 192.0.2.10'],
          [
            'a flushed table',
            'ip route flush table 101',
            'ip route show table 101 | grep -q "default via 192.0.2.1"',
          ],
          [
            'an address taken away',
            'ip address del 192.0.2.10/24 dev eth0',
            'ip -4 address show dev eth0 | grep -q 192.0.2.10/24',
          ],
        ];
        for (const [what, fault, back] of faults) {
          await routerSh(lab(), fault);
          const ms = await routerTimeUntil(lab(), back, DEADLINE_MS);
          console.log(
            `${what}: repaired after ${ms ?? `more than ${DEADLINE_MS}`} ms (the issue's bound: 1000 ms)`,
          );
          expect(ms, `${what} repaired`).not.toBeNull();
        }
        await routerSh(lab(), 'ip link set eth0 down; ip link set eth0 up');
        const settled = await timeUntil(async () => (await routerStatus(lab())).drift.length === 0, 15_000);
        expect(settled, 'everything right after the flap').not.toBeNull();
        const runs = await runFlows(lab(), flowSpecs(lab().topology, { uplinks: ['isp1', 'isp2'] }));
        showFlows('after drift repaired by watch', runs);
        expectFlows('after drift repaired by watch', runs, viaOwnUplink);
      },
    );

    inOrder(
      "fails over: the router's and a LAN host's outbound move to ISP2, inbound via ISP2 answers, ISP1 comes back",
      async ({ expect }) => {
        // The flap of the test before may have had ISP1's probes fail: its health comes back after
        // `up` successes, and until then the main default rightly goes via ISP2.
        const healthy = await routerTimeUntil(
          lab(),
          mainDefaultHas('via 198.51.100.1 dev eth0'),
          DEADLINE_MS,
        );
        expect(healthy, 'the main default via ISP1 again before its gateway dies').not.toBeNull();
        const before = await countAtGateways(lab(), ['isp1', 'isp2'], async () => [
          await connect(lab(), 'router'),
          await connect(lab(), 'lan:server'),
        ]);
        expect(before.result.map((r) => r.stdout.trim())).toEqual(['1', '1']);
        expect(before.packets.isp1).toBeGreaterThan(0);
        expect(before.packets.isp2).toBe(0);

        // The gateway dies while its link stays up: the lab's pause fault drops everything, then freezes it.
        await lab().faults.pauseGateway('isp1');
        console.log(`ISP1's gateway stopped at ${new Date().toISOString()}`);
        try {
          const moved = await routerTimeUntil(lab(), mainDefaultHas('via 192.0.2.1 dev eth0'), DEADLINE_MS);
          console.log(
            `ISP1 stopped: main default via ISP2 after ${moved ?? `more than ${DEADLINE_MS}`} ms (the issue's bound: ${FAILOVER_BOUND_MS} ms)`,
          );
          if (moved === null) {
            const probe = await routerSh(
              lab(),
              'ps -eo pid,args | grep [p]ing; ping -c 2 -W 1 -I 198.51.100.10 198.51.100.1; ip neigh',
            );
            console.log(
              `diagnostics:\n${probe.stdout}${probe.stderr}\n${(await watchLog(lab())).split('\n').slice(-15).join('\n')}`,
            );
          }
          expect(moved, 'main default via ISP2').not.toBeNull();
          const inbound = await runFlows(
            lab(),
            flowSpecs(lab().topology, { protocols: ['icmp', 'tcp'], uplinks: ['isp2'] }),
          );
          expectFlows('inbound via ISP2 while ISP1 is down', inbound, viaOwnUplink);
          const after = await countAtGateways(lab(), ['isp2'], async () => [
            await connect(lab(), 'router'),
            await connect(lab(), 'lan:server'),
          ]);
          expect(after.result.map((r) => r.stdout.trim())).toEqual(['1', '1']);
          expect(after.packets.isp2).toBeGreaterThan(0);
          expect((await routerStatus(lab())).watch?.health.isp1?.state).toBe('down');
          const verify = await routerCli(lab(), ['verify', '-c', WATCH.config]);
          expect(verify.exitCode, `${verify.stdout}${verify.stderr}`).toBe(0);
        } finally {
          await lab().faults.unpauseGateway('isp1');
        }
        const back = await routerTimeUntil(lab(), mainDefaultHas('via 198.51.100.1 dev eth0'), 10_000);
        console.log(`ISP1 back: main default via ISP1 after ${back} ms`);
        expect(back).not.toBeNull();
        const again = await countAtGateways(lab(), ['isp1', 'isp2'], () => connect(lab(), 'router'));
        expect(again.result.stdout.trim()).toBe('1');
        expect(again.packets.isp1).toBeGreaterThan(0);
        expect(again.packets.isp2).toBe(0);
      },
    );

    inOrder(
      'SIGHUP: a new uplink applies; a broken file is refused and nothing changes',
      async ({ expect }) => {
        await startOrReload(lab(), watchConfig(lab(), { uplinks: ['isp1', 'isp2', 'isp3'] }));
        const added = await routerTimeUntil(lab(), 'ip rule show | grep -q 203.0.113.10', 10_000);
        expect(added, 'isp3 applied after SIGHUP').not.toBeNull();
        await timeUntil(async () => (await routerStatus(lab())).drift.length === 0, 10_000);
        const runs = await runFlows(lab(), flowSpecs(lab().topology, { protocols: ['icmp', 'tcp'] }));
        expectFlows('after SIGHUP with isp3 added', runs, viaOwnUplink);

        const prior = await routerState(lab());
        await startOrReload(lab(), 'uplinks:\n  - name: isp1\n    interface: eth0\n    adress: 1.2.3.4/24\n');
        const refused = await timeUntil(
          async () => (await watchLog(lab())).includes('reload refused'),
          10_000,
        );
        expect(refused, 'the broken file is refused').not.toBeNull();
        expect(await routerState(lab())).toEqual(prior);
        expect((await routerStatus(lab())).watch?.running).toBe(true);
      },
    );
  });

  describe('balancing, a DHCP lease', () => {
    const [, lab] = labs;

    inOrder(
      'balances 2:1 over 300 new connections counted at the gateways, and all go via the other after a failure',
      async ({ expect }) => {
        await startOrReload(
          lab(),
          watchConfig(lab(), { uplinks: ['isp1', 'isp2', 'isp3'], weights: { isp1: 2, isp3: 1 } }),
        );
        const multipath = await routerTimeUntil(lab(), mainDefaultHas('nexthop'), 10_000);
        expect(multipath, 'a multipath main default').not.toBeNull();
        const split = await countAtGateways(lab(), ['isp1', 'isp2', 'isp3'], () =>
          connect(lab(), 'router', 300),
        );
        // A rare new connection can meet a TIME_WAIT of the same ports at the client; the split is what counts.
        expect(Number(split.result.stdout.trim())).toBeGreaterThanOrEqual(295);
        const share = (split.packets.isp1 ?? 0) / ((split.packets.isp1 ?? 0) + (split.packets.isp3 ?? 0));
        console.log(
          `300 connections: packets at isp1 ${split.packets.isp1}, isp3 ${split.packets.isp3}, isp2 ${split.packets.isp2} (isp1 share ${share.toFixed(2)})`,
        );
        expect(split.packets.isp2).toBe(0);
        expect(share).toBeGreaterThan(0.55);
        expect(share).toBeLessThan(0.78);

        await lab().faults.pauseGateway('isp3');
        try {
          const single = await routerTimeUntil(
            lab(),
            `${MAIN_DEFAULT} | head -n 1 | grep -q '^default via 198\\.51\\.100\\.1 dev eth0'`,
            DEADLINE_MS,
          );
          expect(single, 'all via ISP1 once ISP3 is down').not.toBeNull();
          const rest = await countAtGateways(lab(), ['isp1', 'isp2'], () => connect(lab(), 'router', 30));
          expect(Number(rest.result.stdout.trim())).toBeGreaterThanOrEqual(29);
          expect(rest.packets.isp2).toBe(0);
        } finally {
          await lab().faults.unpauseGateway('isp3');
        }
      },
    );

    inOrder(
      'follows a DHCP lease change on ISP3: replies via ISP3 right again within a second, nothing stale',
      async ({ expect }) => {
        // A real DHCP server on ISP3's gateway and a real client on the router; the client's hook sets
        // only the address and a default route with a metric (the distribution's would touch resolv.conf).
        try {
          await lab().exec('isp:isp3', [
            'sh',
            '-c',
            `${DNSMASQ} --dhcp-range=203.0.113.50,203.0.113.59,255.255.255.0,1h`,
          ]);
          await routerSh(
            lab(),
            `cat > /run/mh-dhcp-hook.sh <<'EOF'\n${DHCP_HOOK}EOF\nchmod +x /run/mh-dhcp-hook.sh`,
          );
          const config = watchConfig(lab(), { uplinks: ['isp1', 'isp2', 'isp3'] }).replace(
            /address: 203\.0\.113\.10\/24\n(\s+)gateway: 203\.0\.113\.1/,
            'address: auto\n$1gateway: auto',
          );
          expect(config).toContain('address: auto');
          const reloads = (await watchLog(lab())).split('reloaded ').length;
          await startOrReload(lab(), config);
          await timeUntil(
            async () => (await watchLog(lab())).split('reloaded ').length > reloads,
            DEADLINE_MS,
          );
          // Let the reload's repair finish first: an address removed in the middle of an apply fails its
          // read-back, and a rollback that cannot restore routes from a vanished address wedges later
          // repairs (README, known limits).
          await timeUntil(async () => (await routerStatus(lab())).drift.length === 0, DEADLINE_MS);
          // The lab's static address goes; from now on ISP3's address is whatever the DHCP server leases.
          await routerSh(lab(), 'ip address del 203.0.113.10/24 dev eth1');
          await routerSh(lab(), DHCLIENT);
          const first = await routerTimeUntil(
            lab(),
            "ip rule show | grep -q 'from 203\\.0\\.113\\.5[0-9] lookup'",
            DEADLINE_MS,
          );
          expect(first, 'the first lease (from the pool) has its rule').not.toBeNull();
          const old = /from (203\.0\.113\.5\d) lookup/.exec(
            (await routerSh(lab(), 'ip rule show')).stdout,
          )?.[1];

          // The lease changes: the server now hands the router 203.0.113.10 (the address the gateways count).
          const mac = (await routerSh(lab(), 'cat /sys/class/net/eth1/address')).stdout.trim();
          await routerSh(lab(), `dhclient -r ${DHCLIENT_ARGS}`);
          await lab().exec('isp:isp3', [
            'sh',
            '-c',
            `kill $(cat /run/mh-dnsmasq.pid); sleep 0.2; ${DNSMASQ} --dhcp-range=203.0.113.10,static --dhcp-host=${mac},203.0.113.10`,
          ]);
          await routerSh(lab(), DHCLIENT);
          const lease = 'ip -4 address show dev eth1 | grep -qF 203.0.113.10/24';
          expect(await routerTimeUntil(lab(), lease, DEADLINE_MS), 'the new lease').not.toBeNull();
          const right = await routerTimeUntil(
            lab(),
            "ip rule show | grep -qF 'from 203.0.113.10 lookup'",
            DEADLINE_MS,
          );
          console.log(`new lease: its rule after ${right} ms (the issue's bound: 1000 ms)`);
          expect(right).not.toBeNull();
          const runs = await runFlows(
            lab(),
            flowSpecs(lab().topology, { protocols: ['icmp', 'tcp'], uplinks: ['isp3'] }),
          );
          expectFlows('ISP3 after the lease change', runs, viaOwnUplink);
          const state = (await routerSh(lab(), 'ip rule show; ip route show table all')).stdout;
          expect(state).not.toContain(`${old} `);
        } finally {
          // On the netns runtime these are host processes: never leave one behind. SIGKILL, not
          // `dhclient -x`: that sleeps a second after signalling the daemon, and no hook may run now.
          await routerSh(
            lab(),
            '[ ! -e /run/mh-dhclient.pid ] || kill -KILL $(cat /run/mh-dhclient.pid); ip address replace 203.0.113.10/24 dev eth1',
          );
          await lab().exec('isp:isp3', [
            'sh',
            '-c',
            '[ ! -e /run/mh-dnsmasq.pid ] || kill $(cat /run/mh-dnsmasq.pid)',
          ]);
        }
      },
    );
  });
});

// Writes the watch's file and sends SIGHUP.
async function startOrReload(lab: StartedLab, config: string): Promise<void> {
  await routerSh(lab, `cat > ${WATCH.config} <<'EOF'\n${config}EOF`);
  await signalRouterWatch(lab, 'HUP');
}

// The user's firewall masquerades the LAN; a service on client1 for outbound connections; the watch.
async function startWatchedRouter(lab: StartedLab): Promise<void> {
  await routerSh(
    lab,
    `nft -f - <<'EOF'
table ip lanmasq {
  chain post { type nat hook postrouting priority srcnat; ip saddr 10.10.0.0/24 oifname != "eth2" masquerade; }
}
EOF`,
  );
  await lab.exec('client:client1', [
    'sh',
    '-c',
    `socat TCP-LISTEN:${PORT},fork,reuseaddr SYSTEM:'echo ok' >/dev/null 2>&1 &`,
  ]);
  await startRouterWatch(lab, watchConfig(lab, { uplinks: ['isp1', 'isp2'] }));
}

// Shows the end of the watch's log, stops the watch and removes what it applied.
async function stopWatchedRouter(lab: StartedLab): Promise<void> {
  console.log(`${lab.name} watch log:\n${(await watchLog(lab)).split('\n').slice(-60).join('\n')}`);
  await signalRouterWatch(lab, 'TERM').catch(() => undefined);
  await routerCli(lab, ['remove']);
}
