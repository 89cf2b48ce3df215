import type { Family } from '../model/config.js';
import type { Nexthop, Route } from '../model/types.js';
import { flags, integer, type JsonObject, parseJsonArray, protocolId, tableId, text } from './json-fields.js';

// iproute2 prints no `protocol` for boot routes and no `table` for the main table.
const RTPROT_BOOT = 3;
const MAIN = 254;
// The kernel's default metric for IPv6 routes; dropped so that desired routes (no metric) compare equal.
const IPV6_DEFAULT_METRIC = 1024;

/** Every route in `ip -json -N -4|-6 route show table all`, in multihome's shape. */
export function parseRoutes(json: string, family: Family): Route[] {
  return parseJsonArray(json, `ip -${family} route`).flatMap((item) => {
    const route = toRoute(item, family);
    return route === undefined ? [] : [route];
  });
}

function toRoute(item: JsonObject, family: Family): Route | undefined {
  const rawDst = text(item, 'dst');
  const table = tableId(item, MAIN);
  if (rawDst === undefined || table === undefined) return undefined;
  const gateway = text(item, 'gateway') ?? viaHost(item);
  const src = text(item, 'prefsrc');
  const metric = integer(item, 'metric');
  const keepMetric =
    metric !== undefined && metric !== 0 && !(family === 6 && metric === IPV6_DEFAULT_METRIC);
  return {
    family,
    table,
    dst: normaliseDst(rawDst, family),
    dev: text(item, 'dev') ?? '',
    protocol: protocolId(item, RTPROT_BOOT),
    ...(gateway === undefined ? {} : { gateway }),
    ...(src === undefined ? {} : { src }),
    ...(flags(item).includes('onlink') ? { onlink: true } : {}),
    ...(keepMetric ? { metric } : {}),
    ...nexthopsOf(item),
  };
}

// A multipath route prints its next hops as `"nexthops": [{"gateway", "dev", "weight", "flags"}]`.
function nexthopsOf(item: JsonObject): { nexthops?: Nexthop[] } {
  if (!Array.isArray(item.nexthops)) return {};
  const nexthops = (item.nexthops as unknown[]).flatMap((raw): Nexthop[] => {
    if (typeof raw !== 'object' || raw === null) return [];
    const hop = raw as JsonObject;
    const gateway = text(hop, 'gateway') ?? viaHost(hop);
    const dev = text(hop, 'dev');
    if (gateway === undefined || dev === undefined) return [];
    return [
      {
        gateway,
        dev,
        weight: integer(hop, 'weight') ?? 1,
        ...(flags(hop).includes('onlink') ? { onlink: true } : {}),
      },
    ];
  });
  return { nexthops };
}

// A route via a gateway of the other family prints `"via": {"family": "inet6", "host": "…"}`.
function viaHost(item: JsonObject): string | undefined {
  const via = item.via;
  if (typeof via !== 'object' || via === null) return undefined;
  const host = (via as JsonObject).host;
  return typeof host === 'string' ? host : undefined;
}

// Host routes print without a prefix length; multihome always writes CIDR.
function normaliseDst(dst: string, family: Family): string {
  if (dst === 'default' || dst.includes('/')) return dst;
  return `${dst}/${family === 4 ? 32 : 128}`;
}
