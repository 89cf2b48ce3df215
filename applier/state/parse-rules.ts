import type { Family } from '../model/config.js';
import type { Rule } from '../model/types.js';
import { integer, type JsonObject, parseJsonArray, protocolId, tableId, text } from './json-fields.js';

// iproute2 prints no `protocol` for unspec rules, and no `fwmask` when the mask is all ones.
const RTPROT_UNSPEC = 0;
const FULL_MASK = 0xffffffff;

/** A rule that looks up no table (goto, nop, blackhole…) gets table 0, which nothing ever owns. */
const NO_TABLE = 0;

/** Every rule in `ip -json -N -4|-6 rule show`, in multihome's shape. */
export function parseRules(json: string, family: Family): Rule[] {
  return parseJsonArray(json, `ip -${family} rule`).flatMap((item) => {
    const rule = toRule(item, family);
    return rule === undefined ? [] : [rule];
  });
}

function toRule(item: JsonObject, family: Family): Rule | undefined {
  const priority = integer(item, 'priority');
  if (priority === undefined) return undefined;
  const from = source(item);
  const fwmark = integer(item, 'fwmark');
  const fwmask = integer(item, 'fwmask');
  return {
    family,
    priority,
    table: item.table === undefined ? NO_TABLE : (tableId(item, NO_TABLE) ?? NO_TABLE),
    protocol: protocolId(item, RTPROT_UNSPEC),
    ...(from === undefined ? {} : { from }),
    ...(fwmark === undefined ? {} : { fwmark, fwmask: fwmask ?? FULL_MASK }),
  };
}

// `"src": "all"` means no selector; a host source prints without `srclen`, a network with it.
function source(item: JsonObject): string | undefined {
  const src = text(item, 'src');
  if (src === undefined || src === 'all') return undefined;
  const length = integer(item, 'srclen');
  return length === undefined ? src : `${src}/${length}`;
}
