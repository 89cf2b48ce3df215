import * as z from 'zod';
import { isAddress, isCidr } from '../../applier/model/address.js';

const address = z.string().refine(isAddress, { message: 'not an IPv4 or IPv6 address' });
const cidr = z.string().refine(isCidr, { message: 'not a prefix like 198.51.100.0/24 or 2001:db8:1::/64' });
// Every node's namespace has `lo` already, so the hub cannot create an interface of that name.
const ifname = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,14}$/, 'not an interface name (letters, digits, _ and -, at most 15)')
  .refine((name) => name !== 'lo', 'lo is the loopback interface every node has; name another interface');
const name = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'names are lower-case letters, digits and -');
// An ISP's IPv6 uplink is named `<isp>-v6`, and applier uplink names have at most 15 characters.
const ispName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,11}$/, 'ISP names are lower-case letters, digits and -, at most 12');
const segment = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, 'segment names are lower-case letters, digits and -');

/** The topology file's schema; `strict` rejects unknown keys, the loose one lets cross-checks still run. */
export function topologySchema(strict: boolean) {
  const object = strict ? z.strictObject : z.object;
  const isp = object({
    name: ispName,
    segment,
    prefixes: z.array(cidr).min(1).max(2),
    gateways: z.array(address).min(1).max(2),
    routerAddresses: z.array(address).min(1).max(2),
    routerInterface: ifname,
    routerLabel: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_-]*:[a-zA-Z0-9_-]+$/, 'a label looks like eth0:0')
      .max(15)
      .optional(),
    bcp38: z.boolean().default(true),
    netem: object({
      delayMs: z.number().int().min(0).max(60_000).optional(),
      lossPercent: z.number().min(0).max(100).optional(),
    }).optional(),
    internetAddresses: z.array(address).min(1).max(2).optional(),
  });
  const forward = object({
    protocol: z.enum(['tcp', 'udp']),
    port: z.number().int().min(1).max(65_535),
    to: z.number().int().min(1).max(65_535),
  });
  const host = object({
    name,
    addresses: z.array(address).min(1).max(2),
    forwards: z.array(forward).default([]),
  });
  const lan = object({
    routerInterface: ifname,
    routerAddresses: z.array(cidr).min(1).max(2),
    hosts: z.array(host).default([]),
  });
  const expectation = object({
    uplink: ispName.optional(),
    protocol: z.enum(['icmp', 'tcp', 'udp', 'forward']).optional(),
    family: z.enum(['ipv4', 'ipv6']).optional(),
    from: name.optional(),
    to: name.optional(),
    source: ispName.optional(),
    phase: z.enum(['before', 'after', 'both']).default('after'),
    ok: z.boolean().default(true),
    via: ispName.optional(),
  });
  return object({
    name,
    defaultIsp: ispName,
    internet: object({ prefixes: z.array(cidr).min(1).max(2) }).optional(),
    routerRpFilter: z.literal([0, 1, 2]).optional(),
    isps: z.array(isp).min(1),
    clients: z.array(object({ name, addresses: z.array(address).min(1).max(2) })).min(1),
    lan: lan.optional(),
    lans: z.array(lan).min(1).optional(),
    expect: z.array(expectation).optional(),
  });
}
