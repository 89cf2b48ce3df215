import type { Address, Change, Route, Rule } from '../../model/types.js';

/** A route of multihome's in table `table` (IPv4 unless the gateway says otherwise). */
export function route(table: number, dst: string, gateway: string, dev = 'eth0'): Route {
  return { family: gateway.includes(':') ? 6 : 4, table, dst, dev, gateway, protocol: 77 };
}

/** A `from` rule of multihome's. */
export function rule(priority: number, from: string, table: number): Rule {
  return { family: from.includes(':') ? 6 : 4, priority, table, from, protocol: 77 };
}

/** An IPv4 alias address. */
export function address(text: string, label?: string): Address {
  return { family: 4, interface: 'eth0', address: text, prefixLength: 24, ...(label ? { label } : {}) };
}

/** Wraps an object in a change the way the planner does. */
export function change<K extends Change['kind']>(
  action: Change['action'],
  kind: K,
  object: Extract<Change, { kind: K }>['object'],
  family: 4 | 6 | null = null,
): Change {
  const fam = family ?? ('family' in object && typeof object.family === 'number' ? object.family : null);
  return { action, kind, family: fam, object, reason: 'test' } as Change;
}
