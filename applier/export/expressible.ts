import type { PathIssue } from '../config/zod-issues.js';
import { contains, inLinkLocalRange } from '../model/address.js';
import type { Config, Uplink } from '../model/config.js';
import { hex } from '../plan/iproute-args.js';
import { EXPORT_FORMATS, type ExportFormat } from './export-file.js';
import { exportModel } from './export-model.js';

type Path = (string | number)[];

/**
 * What a format cannot say, one entry each: which formats, which fields, and why. The one place
 * such limits live. A limit reads the validated config, or, for what validation without a host
 * refuses anyway (`address: auto`), the file as written, so that the message says why the format
 * cannot hold it.
 */
type Limit = {
  readonly formats: readonly ExportFormat[];
  readonly refuses:
    | { readonly file: (file: unknown) => Path[] }
    | { readonly config: (config: Config) => Path[] };
  readonly reason: (format: ExportFormat, config?: Config) => string;
};

const FULL_MASK = 0xffffffff;

const LIMITS: readonly Limit[] = [
  {
    formats: EXPORT_FORMATS,
    refuses: { file: (file) => autoPaths(file) },
    reason: (format) =>
      `\`auto\` is read from the live host (a DHCP lease, SLAAC, an RA) each time multihome runs, but ${format === 'netplan' ? "netplan's routing-policy and table routes need a static address and gateway" : `a ${format} export is written down once`}; keep multihome running instead (\`multihome service install --watch\`)`,
  },
  {
    formats: ['netplan'],
    refuses: {
      config: (config) => (config.lan.length > 0 && config.markMask !== FULL_MASK ? [['lan']] : []),
    },
    reason: (_format, config) =>
      `netplan's routing-policy \`mark\` has no mask, and the fwmark rules for lan match marks under ${hex(config?.markMask ?? 0)}; export networkd drop-ins instead (FirewallMark= takes value/mask), or set markMask: 0xffffffff`,
  },
  // `onlink: true` is allowed with any gateway, so the reason depends on where the gateway is.
  {
    formats: ['nmstate'],
    refuses: {
      config: (config) => uplinkPaths(config, (uplink) => uplink.onlink && !onSubnet(uplink), 'onlink'),
    },
    reason: () =>
      'nmstate routes have no on-link flag, so a gateway outside the subnet cannot be reached; export networkd, netplan, nm or script instead',
  },
  {
    formats: ['nmstate'],
    refuses: {
      config: (config) => uplinkPaths(config, (uplink) => uplink.onlink && onSubnet(uplink), 'onlink'),
    },
    reason: () =>
      'nmstate routes have no on-link flag, and this gateway is inside the subnet (or link-local), so it needs none; remove `onlink: true`',
  },
  {
    formats: ['netplan', 'nm', 'nmstate'],
    refuses: { config: (config) => balancedPaths(config, 'weight') },
    reason: (format) =>
      `a balanced main default (weight on two or more uplinks of a family) is one multipath route, which ${format === 'netplan' ? "netplan's routes cannot hold" : `the ${format} export does not write`}; export networkd or script instead`,
  },
  {
    formats: ['networkd'],
    refuses: {
      config: (config) =>
        balancedPaths(config, 'onlink').filter(([, index]) => config.uplinks[Number(index)]?.onlink),
    },
    reason: () =>
      "networkd's MultiPathRoute= has no on-link flag, so a balanced uplink's gateway cannot be on-link; export script instead, or remove `onlink: true` if the gateway is inside the subnet",
  },
];

// The field of each uplink that is a next hop of a multipath main default on the boot host.
function balancedPaths(config: Config, field: string): Path[] {
  const hops = exportModel(config).routes.flatMap((route) => route.nexthops ?? []);
  return uplinkPaths(
    config,
    (uplink) => hops.some((hop) => hop.dev === uplink.interface && hop.gateway === uplink.gateway),
    field,
  );
}

/** Whether the uplink's gateway is reachable without the on-link flag: inside its subnet, or IPv6 link-local. */
function onSubnet(uplink: Uplink): boolean {
  return (
    contains(uplink.network, uplink.gateway) || (uplink.family === 6 && inLinkLocalRange(uplink.gateway))
  );
}

/** The fields of the file as written that `format` cannot express; checked before validation. */
export function inexpressibleInFile(file: unknown, format: ExportFormat): PathIssue[] {
  return LIMITS.flatMap((limit) =>
    limit.formats.includes(format) && 'file' in limit.refuses
      ? issues(limit.refuses.file(file), limit, format)
      : [],
  );
}

/** The fields of `config` that `format` cannot express, each with the reason; empty when it can. */
export function inexpressible(config: Config, format: ExportFormat): PathIssue[] {
  return LIMITS.flatMap((limit) =>
    limit.formats.includes(format) && 'config' in limit.refuses
      ? issues(limit.refuses.config(config), limit, format, config)
      : [],
  );
}

function issues(paths: Path[], limit: Limit, format: ExportFormat, config?: Config): PathIssue[] {
  return paths.map((path) => ({ path, message: `--format ${format}: ${limit.reason(format, config)}` }));
}

function uplinkPaths(config: Config, refused: (uplink: Uplink) => boolean, field: string): Path[] {
  return config.uplinks.flatMap((uplink, index) => (refused(uplink) ? [['uplinks', index, field]] : []));
}

// `address: auto` and `gateway: auto` in the file, by path.
function autoPaths(file: unknown): Path[] {
  const uplinks = (file as { uplinks?: unknown } | null)?.uplinks;
  if (!Array.isArray(uplinks)) return [];
  return uplinks.flatMap((uplink: unknown, index) =>
    (['address', 'gateway'] as const).flatMap((field) =>
      (uplink as Record<string, unknown> | null)?.[field] === 'auto' ? [['uplinks', index, field]] : [],
    ),
  );
}
