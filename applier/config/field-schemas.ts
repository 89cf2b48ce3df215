import * as z from 'zod';
import { broadcastOf, isNetworkAddress, parseAddress, parseCidr } from '../model/address.js';
import type { Family } from '../model/config.js';

/** Uplink names become part of the rt_tables name `mh-<name>`, so they stay short and shell-safe. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,14}$/;

/** Linux refuses device names longer than 15 bytes or containing `/`, `:` or whitespace. */
export const INTERFACE_PATTERN = /^(?!\.{1,2}$)[^\s/:]{1,15}$/;

/**
 * Why a name the kernel allows cannot be carried by the syntaxes multihome writes, or null when it can.
 * `ip -batch` reads `#` as a comment even inside quotes; an nft string cannot hold `"`, and a final
 * `*` makes it a wildcard; `ip -json` prints control characters unescaped, which is not JSON. Every
 * other character is carried (double-quoted in `ip -batch` and nft), and tests prove it on real links.
 */
export function uncarriedCharacter(name: string): string | null {
  if ([...name].some((char) => char.charCodeAt(0) < 0x20 || char === '\u007f'))
    return 'a control character, which `ip -json` prints unescaped';
  if (name.includes('#')) return '"#", which `ip -batch` reads as the start of a comment even inside quotes';
  if (name.includes('"')) return 'a double quote, which an nftables string cannot hold';
  if (name.endsWith('*')) return 'a final "*", which nftables reads as a wildcard';
  return null;
}

/** Length in bytes, as the kernel counts names and labels (IFNAMSIZ is 16 with the NUL). */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Tables the kernel reserves: unspec, default, main, local. */
export const RESERVED_TABLES: Readonly<Record<number, string>> = {
  0: 'unspec',
  253: 'default',
  254: 'main',
  255: 'local',
};

/** A Linux interface name. */
export const interfaceName = z.string().superRefine((name, ctx) => {
  if (!INTERFACE_PATTERN.test(name) || byteLength(name) > 15) {
    ctx.addIssue({
      code: 'custom',
      message: `"${name}" is not a valid interface name (1-15 bytes, no "/", ":" or spaces, not "." or "..")`,
    });
    return;
  }
  const why = uncarriedCharacter(name);
  if (why !== null)
    ctx.addIssue({ code: 'custom', message: `interface name "${name}" holds ${why}; rename the interface` });
});

/** `interfaceName` for the JSON Schema (which counts characters; the loader counts bytes). */
export const INTERFACE_JSON_PATTERN = '^(?!\\.{1,2}$)(?!.*\\*$)[^\\s/:#"\\u0000-\\u001f\\u007f]{1,15}$';

/** An interface address with prefix length, not the network address itself. */
export const cidr = z.string().superRefine((text, ctx) => {
  if (text === AUTO) return;
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  else if (isNetworkAddress(parsed)) {
    ctx.addIssue({
      code: 'custom',
      message: `${parsed.address} is the network address of ${parsed.network}`,
    });
  } else if (broadcastOf(parsed) === parsed.address) {
    ctx.addIssue({
      code: 'custom',
      message: `${parsed.address} is the broadcast address of ${parsed.network}`,
    });
  }
});

/** `address: auto` / `gateway: auto`: taken from the live host (DHCP, SLAAC, PPP) by the loader. */
export const AUTO = 'auto';

/** A bare address (no prefix), optionally of one family only. */
export const address = (family?: Family, allowAuto = false) =>
  z.string().superRefine((text, ctx) => {
    if (allowAuto && text === AUTO) return;
    const parsed = parseAddress(text);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    else if (family !== undefined && parsed.family !== family) {
      ctx.addIssue({ code: 'custom', message: `${text} is not an IPv${family} address` });
    }
  });

/** An ip-rule pref multihome may use: clear of the local (0), main (32766) and default (32767) rules. */
export const rulePriority = z
  .number()
  .int()
  .superRefine((value, ctx) => {
    if (value < 1 || value > 32765) {
      ctx.addIssue({
        code: 'custom',
        message: `rule priority ${value} is outside 1-32765 (0 and 32766+ belong to the kernel's own rules)`,
      });
    }
  })
  .meta({ minimum: 1, maximum: 32765 });

/** A routing table id that is not reserved by the kernel. */
export const tableId = z
  .number()
  .int()
  .superRefine((value, ctx) => {
    const reserved = RESERVED_TABLES[value];
    if (reserved !== undefined)
      ctx.addIssue({ code: 'custom', message: `table ${value} is reserved (${reserved})` });
    else if (value < 1 || value > 0xffffffff)
      ctx.addIssue({ code: 'custom', message: `table ${value} is outside 1-4294967295` });
  })
  .meta({ minimum: 1, maximum: 4294967295, not: { enum: [253, 254, 255] } });

/**
 * The longest duration: an hour. A probe interval or timeout beyond it checks nothing a user would
 * call health, and Node's timers cut anything above 2^31 ms (24.8 days) to 1 ms, probing flat out.
 */
export const MAX_DURATION_MS = 3_600_000;

/** A duration: `500ms`, `1s`, `1.5s`, or a number of milliseconds; above zero and at most an hour. */
export const duration = z
  .union([z.number(), z.string()], { error: 'must be a duration such as 500ms or 1s' })
  .superRefine((value, ctx) => {
    const ms = durationMs(value);
    if (ms === undefined)
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration such as 500ms or 1s` });
    else if (ms <= 0) ctx.addIssue({ code: 'custom', message: `must be above 0 (got ${value})` });
    else if (ms > MAX_DURATION_MS)
      ctx.addIssue({ code: 'custom', message: `must be at most 3600s, an hour (got ${value})` });
  })
  .meta({
    examples: ['500ms', '1s'],
    description: 'A duration: 500ms, 1s, or a number of milliseconds; above 0 and at most 3600s.',
  });

/** Milliseconds of a duration as written, or undefined when it is not one. */
export function durationMs(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*(ms|s)\s*$/.exec(value);
  if (!match?.[1]) return undefined;
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/** A whole count of at least 1 (`down`, `up`). */
export const atLeastOne = z
  .number({ error: 'must be a whole number of at least 1' })
  .int('must be a whole number of at least 1')
  .min(1, 'must be at least 1');
