import { familyOf } from '../../applier/model/address.js';

type Argv = readonly string[];

/** Brings an interface up. */
export function linkUp(name: string): Argv {
  return ['ip', 'link', 'set', 'dev', name, 'up'];
}

/** Adds a scenario address: IPv4 with an optional alias label, IPv6 with `nodad` so it is usable at once. */
export function addAddress(cidr: string, dev: string, label?: string): Argv {
  if (familyOf(cidr) === 6) return ['ip', '-6', 'addr', 'replace', cidr, 'dev', dev, 'nodad'];
  return ['ip', '-4', 'addr', 'replace', cidr, 'dev', dev, ...(label ? ['label', label] : [])];
}

/** A route (`default` or a prefix) via a gateway on a device. */
export function addRoute(destination: string, via: string, dev: string): Argv {
  const family = familyOf(via) === 6 ? '-6' : '-4';
  return ['ip', family, 'route', 'replace', destination, 'via', via, 'dev', dev];
}
