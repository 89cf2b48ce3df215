import { isInside, isLinkLocal, parseAddress, parseCidr } from '../model/address.js';
import type { AutoResolution, AutoWaiting, LiveFacts } from '../model/config.js';
import { MULTIHOME_PROTOCOL } from '../model/constants.js';
import { hasProtocol } from '../model/identity.js';
import type { Route } from '../model/types.js';
import { AUTO } from './field-schemas.js';
import type { PathIssue } from './zod-issues.js';

/** The document with every `auto` that could be resolved replaced, and what was done. */
export type AutoResult = {
  readonly value: unknown;
  readonly resolved: readonly AutoResolution[];
  readonly waiting: readonly AutoWaiting[];
  readonly issues: readonly PathIssue[];
};

/**
 * Replaces `address: auto` (the interface's one global address of the family, or the one inside
 * `prefix`) and `gateway: auto` (the main-table default for the interface that the DHCP client, RA
 * or PPP installed) with the live values. An uplink with nothing to resolve to yet waits: it keeps
 * its `auto` (and its place, so it is checked like any other) and the loader leaves it out of the
 * config; `plan`/`watch` say so. Without live facts (no host) every `auto` is an issue.
 */
export function resolveAuto(value: unknown, live: LiveFacts | undefined): AutoResult {
  if (!isRecord(value) || !Array.isArray(value.uplinks))
    return { value, resolved: [], waiting: [], issues: [] };
  const resolved: AutoResolution[] = [];
  const waiting: AutoWaiting[] = [];
  const issues: PathIssue[] = [];
  const uplinks = value.uplinks.map((raw: unknown, index) => {
    if (!isRecord(raw) || !hasAuto(raw)) return raw;
    const outcome = resolveUplink(raw, index, live);
    if ('issue' in outcome) issues.push(outcome.issue);
    else if ('waiting' in outcome) waiting.push(outcome.waiting);
    else {
      resolved.push(...outcome.resolved);
      return outcome.uplink;
    }
    return raw;
  });
  return { value: { ...value, uplinks }, resolved, waiting, issues };
}

type Outcome =
  | { readonly uplink: Record<string, unknown>; readonly resolved: AutoResolution[] }
  | { readonly waiting: AutoWaiting }
  | { readonly issue: PathIssue };

function resolveUplink(raw: Record<string, unknown>, index: number, live: LiveFacts | undefined): Outcome {
  const name = typeof raw.name === 'string' ? raw.name : `uplinks[${index}]`;
  const dev = typeof raw.interface === 'string' ? raw.interface : '';
  const at = (field: string) => ['uplinks', index, field];
  if (live === undefined) {
    const field = raw.address === AUTO ? 'address' : 'gateway';
    return {
      issue: { path: at(field), message: `${field}: auto needs the live host (plan or apply on it)` },
    };
  }
  const family = uplinkFamily(raw);
  const resolved: AutoResolution[] = [];
  const uplink = { ...raw };
  if (raw.address === AUTO) {
    // Its work done; left beside a literal address, the uplink checks refuse it.
    delete uplink.prefix;
    const prefix = typeof raw.prefix === 'string' ? parseCidr(raw.prefix) : undefined;
    if (typeof prefix === 'string') return { issue: { path: at('prefix'), message: prefix } };
    if (prefix !== undefined && prefix.network !== `${prefix.address}/${prefix.prefixLength}`) {
      const message = `prefix ${raw.prefix} has host bits set; it should be the network, ${prefix.network}`;
      return { issue: { path: at('prefix'), message } };
    }
    const candidates = live.addresses.filter((address) => {
      if (address.interface !== dev || address.family !== family) return false;
      const parsed = parseAddress(address.address);
      if (typeof parsed === 'string' || isLinkLocal(parsed) || /^(127\.|::1$)/.test(address.address))
        return false;
      return prefix === undefined || isInside(parsed, prefix);
    });
    const [only] = candidates;
    if (only === undefined) {
      const within = prefix === undefined ? '' : ` inside ${prefix.network}`;
      return {
        waiting: {
          uplink: name,
          reason: `waits for an IPv${family} address on ${dev}${within} (address: auto)`,
        },
      };
    }
    if (candidates.length > 1) {
      const list = candidates.map((address) => `${address.address}/${address.prefixLength}`).join(', ');
      return {
        issue: {
          path: at('address'),
          message: `address: auto matches ${candidates.length} IPv${family} addresses on ${dev} (${list}); set prefix: to pick one`,
        },
      };
    }
    uplink.address = `${only.address}/${only.prefixLength}`;
    resolved.push({ uplink: name, field: 'address', value: uplink.address as string });
  }
  if (raw.gateway === AUTO) {
    const gateway = liveGateway(live, dev, family);
    if (gateway === undefined) {
      return {
        waiting: {
          uplink: name,
          reason: `waits for an IPv${family} default route on ${dev} (gateway: auto)`,
        },
      };
    }
    uplink.gateway = gateway;
    resolved.push({ uplink: name, field: 'gateway', value: gateway });
  }
  return { uplink, resolved };
}

// The DHCP client's (or RA's, PPP's) default on the interface; once multihome replaced it, the one it
// displaced, or the gateway its own table for that interface still carries.
function liveGateway(live: LiveFacts, dev: string, family: 4 | 6): string | undefined {
  const onDev = (route: Route) => route.family === family && route.dev === dev && route.gateway !== undefined;
  const foreign = live.mainDefaults.filter(
    (route) => onDev(route) && !hasProtocol(route, MULTIHOME_PROTOCOL),
  );
  const ours = live.ownedRoutes.filter((route) => route.dst === 'default' && onDev(route));
  const sorted = [...foreign].sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
  return (sorted[0] ?? live.displacedDefaults.find(onDev) ?? ours[0])?.gateway;
}

/** An `auto` uplink's family: `prefix:` decides, then a literal address or gateway, then `family:`, else IPv4. */
export function uplinkFamily(raw: Record<string, unknown>): 4 | 6 {
  for (const text of [raw.prefix, raw.address, raw.gateway]) {
    if (typeof text !== 'string' || text === AUTO) continue;
    const parsed = text.includes('/') ? parseCidr(text) : parseAddress(text);
    if (typeof parsed !== 'string') return parsed.family;
  }
  return raw.family === 6 ? 6 : 4;
}

/** Whether an uplink as written takes its address or gateway from the host (`auto`). */
export function hasAuto(uplink: Record<string, unknown>): boolean {
  return uplink.address === AUTO || uplink.gateway === AUTO;
}

/** A YAML mapping, as the parser hands it over. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
