import { type ParsedAddress, type ParsedCidr, parseAddress, parseCidr } from '../model/address.js';
import { hasAuto, isRecord, uplinkFamily } from './auto-uplinks.js';
import { AUTO, interfaceName, NAME_PATTERN } from './field-schemas.js';
import { DEFAULT_MARK_MASK, parseMarkMask } from './marks.js';
import { configFileSchema, type UplinkFile, uplinkFileSchema } from './schema.js';

/**
 * An uplink whose own fields are all valid, with its addresses parsed; `index` is its place in the file.
 * `waiting`: an `auto` field is still unresolved (no lease yet, or no host); it stands as the
 * unspecified address of the uplink's family, so every check but those of the address itself runs.
 */
export type CheckedUplink = {
  readonly index: number;
  readonly file: UplinkFile;
  readonly cidr: ParsedCidr;
  readonly gateway: ParsedAddress;
  readonly waiting: boolean;
};

/** An interface name the file mentions, and where. */
export type InterfaceMention = { readonly path: readonly (string | number)[]; readonly name: string };

/**
 * The parts of a possibly invalid file that are individually valid. Cross-field checks run on this, so one
 * misspelt key does not hide a duplicate name elsewhere: every issue is reported in one go.
 */
export type ConfigView = {
  readonly uplinks: readonly CheckedUplink[];
  /** Every valid uplink name written, valid uplink or not, so one bad field does not hide a duplicate name. */
  readonly names: readonly { readonly index: number; readonly name: string }[];
  readonly default: string | readonly string[] | undefined;
  readonly lan: readonly string[];
  readonly markMask: number;
  readonly markMaskGiven: boolean;
  readonly probe: { readonly ipv4?: string | undefined; readonly ipv6?: string | undefined };
  readonly rpFilter: 'loose' | 'keep';
  readonly failover: readonly string[] | undefined;
  readonly flushOnFailover: boolean;
  readonly onChange: string | undefined;
  readonly interfaces: readonly InterfaceMention[];
};

const fields = configFileSchema.shape;

/**
 * Extracts the valid parts of the document's value; bad input never makes it throw. `valid`: the
 * value already passed `configFileSchema` whole, so its uplinks are not checked a second time.
 */
export function viewOf(value: unknown, valid = false): ConfigView {
  const top: Record<string, unknown> = isRecord(value) ? value : {};
  const rawUplinks = Array.isArray(top.uplinks) ? top.uplinks : [];
  const uplinks = rawUplinks.flatMap((item: unknown, index) => checkedUplink(item, index, valid) ?? []);
  const lan = fields.lan.safeParse(top.lan).data ?? [];
  const mask = fields.markMask.safeParse(top.markMask);
  const parsedMask = mask.success ? parseMarkMask(mask.data) : DEFAULT_MARK_MASK;
  return {
    uplinks,
    names: rawUplinks.flatMap((item: unknown, index) =>
      isRecord(item) && typeof item.name === 'string' && NAME_PATTERN.test(item.name)
        ? [{ index, name: item.name }]
        : [],
    ),
    default: fields.default.safeParse(top.default).data,
    lan,
    markMask: typeof parsedMask === 'number' ? parsedMask : DEFAULT_MARK_MASK,
    markMaskGiven: top.markMask !== undefined,
    probe: fields.probe.safeParse(top.probe).data ?? {},
    rpFilter: fields.rpFilter.safeParse(top.rpFilter).data ?? 'loose',
    failover: fields.failover.safeParse(top.failover).data,
    flushOnFailover: fields.flushOnFailover.safeParse(top.flushOnFailover).data ?? false,
    onChange: fields.onChange.safeParse(top.onChange).data,
    interfaces: [
      ...uplinkInterfaces(rawUplinks),
      ...lan.map((name, index) => ({ path: ['lan', index], name })),
    ],
  };
}

function checkedUplink(item: unknown, index: number, valid: boolean): CheckedUplink | undefined {
  if (!isRecord(item)) return undefined;
  const file = valid ? (item as UplinkFile) : validUplink(item);
  if (file === undefined) return undefined;
  const unspecified = UNSPECIFIED[uplinkFamily(file)];
  const cidr = file.address === AUTO ? unspecified : parseCidr(file.address);
  const gateway = file.gateway === AUTO ? unspecified : parseAddress(file.gateway);
  if (typeof cidr === 'string' || typeof gateway === 'string') return undefined;
  return { index, file, cidr, gateway, waiting: hasAuto(file) };
}

/**
 * The view the config is built from: without the uplinks still waiting, which keep their place in
 * `default` and `failover` (checked like any other) without being named there meanwhile.
 */
export function readyView(view: ConfigView): ConfigView {
  const uplinks = view.uplinks.filter((uplink) => !uplink.waiting);
  const failover = view.failover?.filter((name) => uplinks.some((uplink) => uplink.file.name === name));
  return { ...view, uplinks, failover: failover?.length === 0 ? undefined : failover };
}

// What an unresolved `auto` stands for while the uplink waits; only its family is ever looked at.
const UNSPECIFIED: Readonly<Record<4 | 6, ParsedCidr>> = {
  4: { family: 4, address: '0.0.0.0', prefixLength: 0, network: '0.0.0.0/0' },
  6: { family: 6, address: '::', prefixLength: 0, network: '::/0' },
};

// Keeps each valid field (dropping invalid optional ones); the uplink counts only if its required ones are valid.
// A valid uplink is all valid fields, so it is parsed whole first: field by field is only for a bad one.
function validUplink(item: Record<string, unknown>): UplinkFile | undefined {
  const whole = uplinkFileSchema.safeParse(item);
  const parsed = whole.success ? whole : uplinkFileSchema.safeParse(validFields(item));
  return parsed.success ? parsed.data : undefined;
}

function validFields(item: Record<string, unknown>): Record<string, unknown> {
  const valid = Object.entries(uplinkFileSchema.shape).flatMap(([key, schema]) => {
    const parsed = schema.safeParse(item[key]);
    return parsed.success && parsed.data !== undefined ? [[key, parsed.data] as const] : [];
  });
  return Object.fromEntries(valid);
}

function uplinkInterfaces(rawUplinks: readonly unknown[]): InterfaceMention[] {
  return rawUplinks.flatMap((item, index): InterfaceMention[] => {
    // A waiting uplink's interface may not be there yet (ppp0 before the link is up).
    if (
      !isRecord(item) ||
      hasAuto(item) ||
      typeof item.interface !== 'string' ||
      !interfaceName.safeParse(item.interface).success
    )
      return [];
    return [{ path: ['uplinks', index, 'interface'], name: item.interface }];
  });
}
