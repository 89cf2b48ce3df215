import { ConfigError } from '../errors.js';

/** Runs `fn`, which must throw a ConfigError, and returns it; anything else fails the test. */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`expected a ConfigError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

/** Interfaces of the fake host the unit tests validate against. */
export const HOST = { interfaces: ['lo', 'eth0', 'eth1', 'eth2'] } as const;

/** Builds YAML for one IPv4 uplink per line group, so tests can state exact line numbers. */
export function uplinkYaml(
  name: string,
  iface: string,
  address: string,
  gateway: string,
  extra = '',
): string {
  return `  - name: ${name}\n    interface: ${iface}\n    address: ${address}\n    gateway: ${gateway}\n${extra}`;
}
