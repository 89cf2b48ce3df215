import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../runner/local-runner.js';
import { NetnsWorld } from './netns-world.js';
import { ROLES, ROUTER_ADDRESSES } from './world/layout.js';
import { netnsEtc } from './world/namespace-files.js';
import { readSysctls } from './world/sysctls.js';
import { INTERFACES } from './world/topology-commands.js';

describe('NetnsWorld', () => {
  let world: NetnsWorld;
  beforeAll(async () => {
    world = await NetnsWorld.create({ routerRpFilter: 2 });
  });
  afterAll(async () => {
    await world?.teardown();
  });

  it('pins rp_filter, forwarding and redirects in every namespace instead of inheriting the host’s', async () => {
    for (const role of ROLES) {
      const scopes = ['all', 'default', ...INTERFACES[role]];
      const keys = ['net.ipv4.ip_forward', ...scopes.map((scope) => `net.ipv4.conf.${scope}.rp_filter`)];
      const values = await readSysctls(world.runner(role), keys);
      const forwarding = ['router', 'isp1', 'isp2', 'isp3'].includes(role) ? '1' : '0';
      expect(values['net.ipv4.ip_forward'], role).toBe(forwarding);
      for (const scope of scopes) {
        expect(values[`net.ipv4.conf.${scope}.rp_filter`], `${role} ${scope}`).toBe(
          role === 'router' ? '2' : '0',
        );
      }
    }
  });

  it('gives the router the article’s addresses, the alias label, and one default route per family via isp1', async () => {
    const shown = await world.must('router', ['ip', '-json', 'address', 'show']);
    const addresses = (JSON.parse(shown) as { addr_info: { local: string; label?: string }[] }[]).flatMap(
      (link) => link.addr_info,
    );
    for (const entry of ROUTER_ADDRESSES) {
      const found = addresses.find((info) => info.local === entry.address);
      expect(found, entry.address).toBeDefined();
      if (entry.label) expect(found?.label).toBe(entry.label);
    }
    const v4 = JSON.parse(await world.must('router', ['ip', '-4', '-json', 'route', 'show', 'default'])) as {
      gateway: string;
    }[];
    const v6 = JSON.parse(await world.must('router', ['ip', '-6', '-json', 'route', 'show', 'default'])) as {
      gateway: string;
    }[];
    expect(v4.map((route) => route.gateway)).toEqual(['198.51.100.1']);
    expect(v6.map((route) => route.gateway)).toEqual(['2001:db8:1::1']);
  });

  it('teardown ends its services and deletes every namespace and its /etc/netns copy', async () => {
    const host = new LocalRunner();
    const doomed = await NetnsWorld.create();
    const names = Object.values(doomed.ns);
    const pids = (await host.run(['ip', 'netns', 'pids', doomed.ns.router])).stdout
      .split(/\s+/)
      .filter(Boolean);
    expect(pids.length).toBeGreaterThan(0);
    await doomed.teardown();
    const listed = (await host.run(['ip', 'netns', 'list'])).stdout;
    for (const name of names) expect(listed, name).not.toContain(name);
    for (const pid of pids) expect(alive(Number(pid)), `pid ${pid}`).toBe(false);
    expect(existsSync(netnsEtc(doomed.ns.router))).toBe(false);
  });
});

/** A process that has exited but is not reaped yet (a zombie) counts as gone. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
