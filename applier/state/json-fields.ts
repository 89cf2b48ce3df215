import { MultihomeError } from '../errors.js';

/** One object of iproute2/nft JSON: unknown fields read defensively, never trusted to exist. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Parses a JSON array printed by `ip -json`; empty output (no objects at all) is an empty list. */
export function parseJsonArray(text: string, what: string): JsonObject[] {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new MultihomeError('STATE_CORRUPT', `${what}: output is not JSON`, { source: 'system', cause });
  }
  if (!Array.isArray(value)) {
    throw new MultihomeError('STATE_CORRUPT', `${what}: expected a JSON array`, { source: 'system' });
  }
  return value.filter((item): item is JsonObject => typeof item === 'object' && item !== null);
}

/** A string field, or undefined when absent or of another type. */
export function text(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** A numeric field that iproute2 prints either as a number or, with `-N`, as a numeric string. */
export function integer(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(value)) return Number(value);
  return undefined;
}

/** Flags such as `linkdown`, `dead` and `onlink` come as an array of strings. */
export function flags(object: JsonObject): string[] {
  const value = object.flags;
  return Array.isArray(value) ? value.filter((flag): flag is string => typeof flag === 'string') : [];
}

const TABLE_NAMES: Readonly<Record<string, number>> = { default: 253, main: 254, local: 255 };

/** A table id from a `table` field (numeric with `-N`; the reserved names are accepted too). */
export function tableId(object: JsonObject, fallback: number): number | undefined {
  const raw = object.table;
  if (raw === undefined) return fallback;
  if (typeof raw === 'string' && raw in TABLE_NAMES) return TABLE_NAMES[raw];
  return integer(object, 'table');
}

const PROTOCOL_NAMES: Readonly<Record<string, number>> = {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  multihome: 77,
};

/** A protocol number; iproute2 omits `protocol` for boot routes and unspec rules, hence the fallback. */
export function protocolId(object: JsonObject, fallback: number): number | string {
  const raw = object.protocol;
  if (raw === undefined) return fallback;
  const numeric = integer(object, 'protocol');
  if (numeric !== undefined) return numeric;
  return typeof raw === 'string' ? (PROTOCOL_NAMES[raw] ?? raw) : fallback;
}
