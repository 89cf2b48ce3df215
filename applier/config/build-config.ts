import { resolve } from 'node:path';
import { parseAddress } from '../model/address.js';
import type { Config, Family, HealthCheck, Uplink } from '../model/config.js';
import type { ConfigView } from './config-view.js';
import { durationMs } from './field-schemas.js';
import { uplinkPriorities } from './priorities.js';
import type { CheckFile } from './schema.js';

/** Default probe targets: well-known anycast resolvers; `verify` only asks the kernel how it would route them. */
export const DEFAULT_PROBE: Readonly<Record<Family, string>> = { 4: '1.1.1.1', 6: '2606:4700:4700::1111' };

/** Assembles the resolved Config from a view that passed every check. */
export function buildConfig(
  file: string,
  view: ConfigView,
  tables: ReadonlyMap<number, number>,
  defaults: Partial<Record<Family, string>>,
  marks: ReadonlyMap<number, number>,
): Config {
  const uplinks = view.uplinks.map(({ index, file: raw, cidr, gateway }): Uplink => {
    return {
      name: raw.name,
      interface: raw.interface,
      ...(raw.label === undefined ? {} : { label: raw.label }),
      family: cidr.family,
      address: cidr.address,
      prefixLength: cidr.prefixLength,
      network: cidr.network,
      gateway: gateway.address,
      onlink: raw.onlink ?? false,
      table: tables.get(index) ?? 0,
      ...uplinkPriorities(raw, index),
      // Stable across runs (assignMarks); 0 only without `lan`, when marks are never used.
      mark: marks.get(index) ?? 0,
      ...(raw.check === undefined ? {} : { check: healthCheck(raw.check) }),
      ...(raw.weight === undefined ? {} : { weight: raw.weight }),
    };
  });
  return {
    file: resolve(file),
    uplinks,
    defaults,
    lan: view.lan,
    markMask: view.markMask,
    probe: {
      4: normalised(view.probe.ipv4) ?? DEFAULT_PROBE[4],
      6: normalised(view.probe.ipv6) ?? DEFAULT_PROBE[6],
    },
    rpFilter: view.rpFilter,
    ...(view.failover === undefined ? {} : { failover: [...view.failover] }),
    ...(view.flushOnFailover ? { flushOnFailover: true as const } : {}),
    ...(view.onChange === undefined ? {} : { onChange: view.onChange }),
  };
}

/**
 * Defaults of `check:`: probe every second, wait a second, 3 failures down, 2 successes up; after a
 * miss, probe every min(interval, timeout) (`failureInterval`), so a short timeout detects sooner.
 */
export const CHECK_DEFAULTS = { intervalMs: 1000, timeoutMs: 1000, down: 3, up: 2 } as const;

function healthCheck(check: CheckFile): HealthCheck {
  const ms = (value: number | string | undefined, fallback: number) =>
    value === undefined ? fallback : (durationMs(value) ?? fallback);
  const intervalMs = ms(check.interval, CHECK_DEFAULTS.intervalMs);
  const timeoutMs = ms(check.timeout, CHECK_DEFAULTS.timeoutMs);
  return {
    targets: check.targets.map((target) => normalised(target) ?? target),
    intervalMs,
    failureIntervalMs: ms(check.failureInterval, Math.min(intervalMs, timeoutMs)),
    timeoutMs,
    down: check.down ?? CHECK_DEFAULTS.down,
    up: check.up ?? CHECK_DEFAULTS.up,
  };
}

function normalised(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const parsed = parseAddress(address);
  return typeof parsed === 'string' ? undefined : parsed.address;
}
