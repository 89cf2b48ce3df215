import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MULTIHOME_PROTOCOL } from '../model/constants.js';
import { addressKey, hasProtocol } from '../model/identity.js';
import {
  effectiveRpFilter,
  interfaceSysctl,
  RP_FILTER_ALL,
  rpFilterInterfaces,
} from '../state/sysctl-keys.js';
import { configArbitrary, hostAndLedgerArbitrary } from '../test-support/fixtures/arbitraries.js';
import { uplinkAddress } from './desired.js';
import { failoverOrder } from './failover-order.js';
import { nextLedger } from './next-ledger.js';
import { planChanges, planRemoval } from './plan.js';
import { simulateApply } from './simulate.js';

describe('planner properties on random configs and hosts', () => {
  it('never throws, and plans the same changes twice for the same input', () => {
    fc.assert(
      fc.property(configArbitrary, hostAndLedgerArbitrary, (config, { state, ledger }) => {
        expect(planChanges(config, state, ledger)).toEqual(planChanges(config, state, ledger));
      }),
    );
  });

  it('converges: after applying a plan, planning again gives nothing', () => {
    fc.assert(
      fc.property(configArbitrary, hostAndLedgerArbitrary, (config, { state, ledger }) => {
        const plan = planChanges(config, state, ledger);
        const after = simulateApply(state, plan);
        expect(planChanges(config, after, nextLedger(ledger, config, plan))).toEqual([]);
      }),
    );
  });

  it('is stable across configs: moving from one applied config to another converges too', () => {
    fc.assert(
      fc.property(
        configArbitrary,
        configArbitrary,
        hostAndLedgerArbitrary,
        (first, second, { state, ledger }) => {
          const plan1 = planChanges(first, state, ledger);
          const ledger1 = nextLedger(ledger, first, plan1);
          const state1 = simulateApply(state, plan1);
          const plan2 = planChanges(second, state1, ledger1);
          const state2 = simulateApply(state1, plan2);
          expect(planChanges(second, state2, nextLedger(ledger1, second, plan2))).toEqual([]);
        },
      ),
    );
  });

  it('leaves the host doing what the config says: addresses, rules, table routes, loose rp_filter', () => {
    fc.assert(
      fc.property(configArbitrary, hostAndLedgerArbitrary, (config, { state, ledger }) => {
        const after = simulateApply(state, planChanges(config, state, ledger));
        const addresses = new Set(after.addresses.map(addressKey));
        for (const uplink of config.uplinks) {
          expect(after.ownedRules).toContainEqual(
            expect.objectContaining({ priority: uplink.priority, from: uplink.address, table: uplink.table }),
          );
          // An uplink whose interface is gone waits for it: no address and no table route yet.
          if (!state.interfaces.includes(uplink.interface)) {
            expect(addresses.has(addressKey(uplinkAddress(uplink)))).toBe(false);
            expect(after.ownedRoutes.filter((route) => route.table === uplink.table)).toEqual([]);
            continue;
          }
          expect(addresses.has(addressKey(uplinkAddress(uplink)))).toBe(true);
          expect(after.ownedRoutes).toContainEqual(
            expect.objectContaining({
              table: uplink.table,
              dst: 'default',
              gateway: uplink.gateway,
              dev: uplink.interface,
            }),
          );
          const present = after.sysctls[interfaceSysctl(uplink.interface, 'rp_filter')] !== undefined;
          // rp_filter filters IPv4 only: IPv6 uplinks leave it as it was.
          if (config.rpFilter === 'loose' && present && uplink.family === 4) {
            expect(effectiveRpFilter(after.sysctls, uplink.interface)).not.toBe(1);
          }
          if (config.lan.length > 0 && present) {
            expect(after.sysctls[interfaceSysctl(uplink.interface, 'src_valid_mark')]).toBe('1');
          }
        }
        expect(after.sysctls['net.ipv4.conf.all.src_valid_mark']).toBeUndefined();
        for (const family of [4, 6] as const) {
          // The default uplink, or while its interface is gone the next one in failover order.
          const uplink = failoverOrder(config, family).find((candidate) =>
            state.interfaces.includes(candidate.interface),
          );
          if (uplink === undefined) continue;
          expect(after.mainDefaults).toContainEqual(
            expect.objectContaining({ family, gateway: uplink.gateway, dev: uplink.interface }),
          );
        }
      }),
    );
  });

  it('loosens no rp_filter for IPv6 uplinks: only what the ledger held goes back', () => {
    fc.assert(
      fc.property(configArbitrary, hostAndLedgerArbitrary, (config, { state, ledger }) => {
        const after = simulateApply(state, planChanges(config, state, ledger));
        const ipv4 = new Set(rpFilterInterfaces(config));
        const untouched = [
          ...(ipv4.size === 0 ? [RP_FILTER_ALL] : []),
          ...config.uplinks
            .filter((uplink) => !ipv4.has(uplink.interface))
            .map((uplink) => interfaceSysctl(uplink.interface, 'rp_filter')),
        ];
        for (const key of untouched.filter((name) => state.sysctls[name] !== undefined)) {
          expect(after.sysctls[key], key).toBe(ledger?.sysctlOriginals[key] ?? state.sysctls[key]);
        }
      }),
    );
  });

  it('never deletes or changes what it does not own', () => {
    fc.assert(
      fc.property(configArbitrary, hostAndLedgerArbitrary, (config, { state, ledger }) => {
        const added = new Set((ledger?.addedAddresses ?? []).map(addressKey));
        for (const change of planChanges(config, state, ledger)) {
          if (change.kind === 'route' && change.action === 'delete') {
            expect(hasProtocol(change.object, MULTIHOME_PROTOCOL)).toBe(true);
          }
          if (change.kind === 'rule' && change.action === 'delete') {
            expect(hasProtocol(change.object, MULTIHOME_PROTOCOL)).toBe(true);
          }
          if (change.kind === 'address' && change.action === 'delete') {
            expect(added.has(addressKey(change.object))).toBe(true);
          }
          if (change.kind === 'route' && change.action === 'add') {
            expect(change.object.dev).not.toBe('');
          }
        }
      }),
    );
  });

  it('removal from any applied state leaves nothing owned and gives back what it changed', () => {
    fc.assert(
      fc.property(configArbitrary, hostAndLedgerArbitrary, (config, { state, ledger }) => {
        const plan = planChanges(config, state, ledger);
        const applied = simulateApply(state, plan);
        const after = nextLedger(ledger, config, plan, state);
        const removed = simulateApply(applied, planRemoval(applied, after));
        expect(removed.ownedRoutes).toEqual([]);
        expect(removed.ownedRules).toEqual([]);
        expect(removed.nftTable).toBeNull();
        const left = new Set(removed.addresses.map(addressKey));
        for (const address of after.addedAddresses) expect(left.has(addressKey(address))).toBe(false);
        for (const [key, original] of Object.entries(after.sysctlOriginals)) {
          // Given back while it holds what multihome set; a value someone set since is left as it is.
          const held = applied.sysctls[key] === after.sysctlValues[key];
          if (removed.sysctls[key] !== undefined)
            expect(removed.sysctls[key]).toBe(held ? original : applied.sysctls[key]);
        }
        for (const route of after.displacedDefaults) {
          // Re-added only where the main table has no other default of its family, onto interfaces
          // the host has.
          const other = applied.mainDefaults.some(
            (present) => present.family === route.family && !hasProtocol(present, MULTIHOME_PROTOCOL),
          );
          const devices = route.nexthops?.map((hop) => hop.dev) ?? [route.dev];
          const gone = devices.some((dev) => !applied.interfaces.includes(dev));
          if (!other && !gone) expect(removed.mainDefaults).toContainEqual(route);
          if (gone) expect(removed.mainDefaults).not.toContainEqual(route);
        }
      }),
    );
  });
});
