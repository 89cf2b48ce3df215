import * as z from 'zod';
import {
  address,
  atLeastOne,
  cidr,
  duration,
  INTERFACE_JSON_PATTERN,
  interfaceName,
  NAME_PATTERN,
  rulePriority,
  tableId,
} from './field-schemas.js';
import { parseMarkMask } from './marks.js';

/** A mark mask written as hex: `0xff00`. */
const HEX_MASK = /^0[xX][0-9a-fA-F]{1,8}$/;

/** `check:` of an uplink: probe targets reached through that uplink, and when it counts as down or up. */
export const checkSchema = z
  .strictObject({
    targets: z
      .array(address())
      .min(1, 'at least one target is required')
      .meta({ description: 'Addresses pinged from the uplink address (through its own table).' }),
    interval: duration.meta({ description: 'Time between probe rounds; default 1s.' }).optional(),
    failureInterval: duration
      .meta({
        description:
          'Time between probes of a target after it missed a reply, until it answers again; at most interval; default min(interval, timeout).',
      })
      .optional(),
    timeout: duration.meta({ description: 'How long one probe waits for its reply; default 1s.' }).optional(),
    down: atLeastOne
      .meta({ description: 'Consecutive failed rounds (all targets) before the uplink is down; default 3.' })
      .optional(),
    up: atLeastOne
      .meta({ description: 'Consecutive answered rounds before a down uplink is up again; default 2.' })
      .optional(),
  })
  .meta({ description: 'Health check; `multihome watch` runs it and moves the main default on failure.' });

/** One uplink as written in the file; everything optional is resolved later by the loader. */
export const uplinkFileSchema = z
  .strictObject({
    name: z
      .string()
      .regex(NAME_PATTERN, 'must start with a-z and use only a-z, 0-9 and "-" (at most 15 characters)')
      .meta({ description: 'Unique name; the routing table is named mh-<name>.', examples: ['isp1'] }),
    interface: interfaceName.meta({
      description: 'Interface the uplink is attached to.',
      examples: ['eth0'],
      pattern: INTERFACE_JSON_PATTERN,
    }),
    label: z
      .string()
      .meta({
        description: "IPv4 alias label, <interface>:<suffix> (the article's eth0:0).",
        examples: ['eth0:0'],
      })
      .optional(),
    address: cidr.meta({
      description:
        "Local address with prefix length; one family per uplink. `auto`: the interface's one global address of the family (DHCP, SLAAC), or the one inside `prefix`.",
      examples: ['198.51.100.10/24', '2001:db8:1::10/64', 'auto'],
      pattern: '^(auto|[0-9A-Fa-f:.]+/[0-9]{1,3})$',
    }),
    gateway: address(undefined, true).meta({
      description:
        'Next hop, same family as the address and inside its subnet (unless onlink). `auto`: the main-table default the DHCP client, RA or PPP installed for the interface.',
      examples: ['198.51.100.1', '2001:db8:1::1', 'fe80::1', 'auto'],
      pattern: '^(auto|[0-9A-Fa-f:.]+)$',
    }),
    prefix: z
      .string()
      .meta({
        description:
          'Only with `address: auto`: pick the address inside this network (written as the network, e.g. 192.0.2.0/24).',
        examples: ['192.0.2.0/24'],
      })
      .optional(),
    family: z
      .union([z.literal(4), z.literal(6)], { error: 'must be 4 or 6' })
      .meta({
        description:
          'Family of an uplink whose address and gateway are both `auto`; default 4. Must agree with any literal address, gateway or prefix.',
      })
      .optional(),
    onlink: z
      .boolean()
      .meta({
        description: 'Allow a gateway outside the subnet; routes get the onlink flag.',
        default: false,
      })
      .optional(),
    table: tableId
      .meta({ description: 'Routing table id; assigned stably (from 100) when omitted.' })
      .optional(),
    priority: rulePriority
      .meta({ description: 'Pref of the `from <address>` rule; default 10000 + index.' })
      .optional(),
    mark: z
      .number()
      .int()
      .min(1)
      .max(0xffffffff)
      .meta({
        description:
          'Connection mark for forwarded traffic of this uplink, inside markMask; assigned stably when omitted.',
      })
      .optional(),
    markPriority: rulePriority
      .meta({ description: 'Pref of the fwmark rule used for forwarded traffic; default 9000 + index.' })
      .optional(),
    check: checkSchema.optional(),
    weight: z
      .number({ error: 'must be a whole number of at least 1' })
      .int('must be a whole number of at least 1')
      .min(1, 'must be at least 1 (leave weight out to keep the uplink out of balancing)')
      .max(256, "must be at most 256 (the kernel's largest nexthop weight)")
      .meta({
        description: 'Balance new outbound connections across healthy weighted uplinks of one family.',
      })
      .optional(),
  })
  .meta({ title: 'Uplink', description: 'One upstream connection: local address, gateway and interface.' });

/** The top-level keys of the file. */
export const configFileSchema = z
  .strictObject({
    uplinks: z
      .array(uplinkFileSchema)
      .min(1, 'at least one uplink is required')
      .meta({ description: 'The uplinks; every request is answered through the one it arrived on.' }),
    default: z
      .union([z.string(), z.array(z.string()).min(1)], {
        error: 'must be an uplink name or a list of uplink names (at most one per family)',
      })
      .meta({
        description:
          'Uplink(s) for the main default route, at most one per family; first of each family if omitted.',
      })
      .optional(),
    lan: z
      .array(interfaceName.meta({ pattern: INTERFACE_JSON_PATTERN }))
      .meta({ description: 'Interfaces whose forwarded connections must return via their arrival uplink.' })
      .optional(),
    markMask: z
      .union([z.number().int(), z.string().regex(HEX_MASK, 'must be a hex string such as "0xff00"')], {
        error: 'must be a number or a hex string such as "0xff00"',
      })
      .superRefine((value, ctx) => {
        if (typeof value === 'string' && !HEX_MASK.test(value)) return; // said above, once
        const mask = parseMarkMask(value);
        if (typeof mask === 'string') ctx.addIssue({ code: 'custom', message: mask });
      })
      .meta({
        description: 'Mark bits multihome may use (default 0xff); other software owns the rest.',
        default: 255,
      })
      .optional(),
    probe: z
      .strictObject({
        ipv4: address(4).meta({ description: 'Default 1.1.1.1.' }).optional(),
        ipv6: address(6).meta({ description: 'Default 2606:4700:4700::1111.' }).optional(),
      })
      .meta({
        description: 'Remote address verify asks the kernel to route (a lookup only; nothing is sent).',
      })
      .optional(),
    failover: z
      .array(z.string())
      .min(1, 'must name at least one uplink')
      .meta({
        description:
          'Preference order for the main default; the first healthy uplink of each family carries it. Default: `default` first, then file order.',
      })
      .optional(),
    flushOnFailover: z
      .boolean()
      .meta({
        description: "Delete a dead uplink's conntrack entries so NATed LAN flows re-establish.",
        default: false,
      })
      .optional(),
    onChange: z
      .string()
      .regex(/^\//, 'must be an absolute path')
      .meta({
        description: 'Program run on each health transition (MULTIHOME_UPLINK, _OLD_STATE, _NEW_STATE).',
      })
      .optional(),
    rpFilter: z
      .enum(['loose', 'keep'])
      .meta({
        description:
          "loose (default) sets rp_filter=2 where an IPv4 uplink's interface is strict; keep never touches it.",
        default: 'loose',
      })
      .optional(),
  })
  .meta({
    $id: 'urn:multihome:config:1',
    title: 'multihome config',
    description:
      'Uplinks of a multi-homed Linux host; multihome answers every request through the uplink it arrived on.',
  });

/** The file as written, after shape validation. */
export type ConfigFile = z.output<typeof configFileSchema>;

/** One uplink as written, after shape validation. */
export type UplinkFile = z.output<typeof uplinkFileSchema>;

/** A `check:` as written, after shape validation. */
export type CheckFile = z.output<typeof checkSchema>;
