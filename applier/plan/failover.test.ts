import { describe, expect, it } from 'vitest';
import type { Uplink } from '../model/config.js';
import { MULTIPATH_HASH_POLICY } from '../state/sysctl-keys.js';
import { bareHost, ISP1, ISP2, makeConfig } from '../test-support/fixtures/configs.js';
import { desiredState } from './desired.js';
import { failoverOrder, mainDefaultUplinks } from './failover-order.js';
import { desiredMainDefault } from './main-default.js';
import { planChanges } from './plan.js';

const ISP3: Uplink = {
  ...ISP1,
  name: 'isp3',
  interface: 'eth1',
  address: '192.0.2.10',
  network: '192.0.2.0/24',
  gateway: '192.0.2.1',
  table: 103,
  priority: 10002,
  markPriority: 11002,
  mark: 3,
};
const three = (overrides = {}) => makeConfig({ uplinks: [ISP1, ISP2, ISP3], ...overrides });

describe('the main default follows health and failover order', () => {
  it('orders by `failover`, or by the default uplink first and then file order', () => {
    expect(failoverOrder(three(), 4).map((u) => u.name)).toEqual(['isp1', 'isp2', 'isp3']);
    expect(failoverOrder(three({ defaults: { 4: 'isp2' } }), 4).map((u) => u.name)).toEqual([
      'isp2',
      'isp1',
      'isp3',
    ]);
    expect(failoverOrder(three({ failover: ['isp3', 'isp1'] }), 4).map((u) => u.name)).toEqual([
      'isp3',
      'isp1',
    ]);
  });

  it('goes via the first healthy uplink, and keeps the first when none is healthy', () => {
    const config = three({ failover: ['isp1', 'isp2', 'isp3'] });
    expect(mainDefaultUplinks(config, 4, { isp1: false }).map((u) => u.name)).toEqual(['isp2']);
    expect(mainDefaultUplinks(config, 4, { isp1: false, isp2: false }).map((u) => u.name)).toEqual(['isp3']);
    expect(
      mainDefaultUplinks(config, 4, { isp1: false, isp2: false, isp3: false }).map((u) => u.name),
    ).toEqual(['isp1']);
  });

  it('replaces a dead default by the next healthy uplink', () => {
    const config = three();
    const route = desiredMainDefault(config, bareHost(), null, 4, { isp1: false });
    expect(route).toMatchObject({
      table: 254,
      dst: 'default',
      gateway: ISP2.gateway,
      dev: ISP2.interface,
      protocol: 77,
    });
  });

  it('leaves out the routes of uplinks on a link set down, and moves the main default off them', () => {
    const config = three();
    const routes = (downInterfaces: string[]) =>
      desiredState(config, bareHost({ downInterfaces }), null).routes.map((route) => route.table);
    // isp1 and isp2 are on eth0: the kernel refuses routes via it, so only isp3's table and default remain.
    expect(routes(['eth0'])).toEqual([ISP3.table, ISP3.table, 254]);
    expect(desiredState(config, bareHost({ downInterfaces: ['eth0'] }), null).routes.at(-1)).toMatchObject({
      gateway: ISP3.gateway,
      dev: ISP3.interface,
    });
    // With every link down there is nothing to route over, and no displaced default to bring back.
    expect(routes(['eth0', 'eth1'])).toEqual([]);
  });

  it('leaves out the address and routes of uplinks whose interface is gone, and keeps their rules', () => {
    const config = three();
    // eth1 is gone (a PPP session ended, a modem pulled): isp3 waits for it; isp1 and isp2 go on.
    const desired = desiredState(config, bareHost({ interfaces: ['lo', 'eth0'] }), null);
    expect(desired.addresses.map((address) => address.interface)).toEqual(['eth0', 'eth0']);
    expect(desired.routes.map((route) => route.table)).toEqual([
      ISP1.table,
      ISP1.table,
      ISP2.table,
      ISP2.table,
      254,
    ]);
    expect(desired.rules.map((rule) => rule.table)).toEqual([ISP1.table, ISP2.table, ISP3.table]);
    // The default uplink's interface gone: the main default goes via the next one in failover order.
    const moved = desiredState(three({ defaults: { 4: 'isp3' } }), bareHost({ interfaces: ['eth0'] }), null);
    expect(moved.routes.at(-1)).toMatchObject({ table: 254, gateway: ISP1.gateway, dev: ISP1.interface });
  });

  it('balances over two or more healthy weighted uplinks with one multipath route, per flow', () => {
    const config = three({ uplinks: [{ ...ISP1, weight: 2 }, ISP2, { ...ISP3, weight: 1 }] });
    const route = desiredMainDefault(config, bareHost(), null, 4);
    expect(route?.nexthops).toEqual([
      { gateway: ISP1.gateway, dev: ISP1.interface, weight: 2 },
      { gateway: ISP3.gateway, dev: ISP3.interface, weight: 1 },
    ]);
    const changes = planChanges(config, bareHost({ sysctls: { [MULTIPATH_HASH_POLICY[4]]: '0' } }), null);
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'sysctl',
        object: expect.objectContaining({ key: MULTIPATH_HASH_POLICY[4], value: '1' }),
      }),
    );
    // An unhealthy weighted uplink leaves the set: with one left, failover order decides again.
    expect(desiredMainDefault(config, bareHost(), null, 4, { isp1: false })).toMatchObject({
      gateway: ISP2.gateway,
      dev: ISP2.interface,
    });
  });

  it('keeps a multipath default that is already right', () => {
    const config = three({ uplinks: [{ ...ISP1, weight: 2 }, ISP2, { ...ISP3, weight: 1 }] });
    const route = desiredMainDefault(config, bareHost(), null, 4);
    if (route === null) throw new Error('expected a route');
    const host = bareHost({ mainDefaults: [route], ownedRoutes: [route] });
    expect(
      planChanges(config, host, null).filter(
        (change) => change.kind === 'route' && change.object.table === 254,
      ),
    ).toEqual([]);
  });
});
