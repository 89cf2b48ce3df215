import type { PathIssue } from '../config/zod-issues.js';
import type { Config, Uplink } from '../model/config.js';
import { hex } from '../plan/iproute-args.js';
import type { ExportFormat } from './export-file.js';

/**
 * What a format cannot say, one entry each: which formats, which field it concerns, and why.
 * The one place such limits live; a new config field that some manager cannot express (a dynamic
 * `address: auto`, say) adds one entry here.
 */
type Limit = {
  readonly formats: readonly ExportFormat[];
  /** The config field paths this limit refuses, empty when the config is fine for the format. */
  readonly refuses: (config: Config) => readonly (string | number)[][];
  readonly reason: (config: Config) => string;
};

const FULL_MASK = 0xffffffff;

const LIMITS: readonly Limit[] = [
  {
    formats: ['netplan'],
    refuses: (config) => (config.lan.length > 0 && config.markMask !== FULL_MASK ? [['lan']] : []),
    reason: (config) =>
      `netplan's routing-policy \`mark\` has no mask, and the fwmark rules for lan match marks under ${hex(config.markMask)}; export networkd drop-ins instead (FirewallMark= takes value/mask), or set markMask: 0xffffffff`,
  },
  {
    formats: ['nmstate'],
    refuses: (config) => uplinkPaths(config, (uplink) => uplink.onlink, 'onlink'),
    reason: () => 'nmstate routes have no on-link flag, so a gateway outside the subnet cannot be reached',
  },
];

/** The fields of `config` that `format` cannot express, each with the reason; empty when it can. */
export function inexpressible(config: Config, format: ExportFormat): PathIssue[] {
  return LIMITS.filter((limit) => limit.formats.includes(format)).flatMap((limit) =>
    limit.refuses(config).map((path) => ({ path, message: `--format ${format}: ${limit.reason(config)}` })),
  );
}

function uplinkPaths(
  config: Config,
  refused: (uplink: Uplink) => boolean,
  field: string,
): (string | number)[][] {
  return config.uplinks.flatMap((uplink, index) => (refused(uplink) ? [['uplinks', index, field]] : []));
}
