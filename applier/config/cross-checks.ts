import { parseAddress } from '../model/address.js';
import type { CheckedUplink, ConfigView } from './config-view.js';
import { AUTO } from './field-schemas.js';
import { markCapacity } from './marks.js';
import { MAX_UPLINKS, uplinkPriorities } from './priorities.js';
import { checkUplink } from './uplink-checks.js';
import type { PathIssue } from './zod-issues.js';

/** Checks that need several fields at once: per-uplink consistency, uniqueness, LAN and mark capacity. */
export function crossCheck(view: ConfigView): PathIssue[] {
  if (view.names.length > MAX_UPLINKS) {
    const message = `${view.names.length} uplinks are more than the ${MAX_UPLINKS} multihome supports (its default rule priorities 9000+i and 10000+i would meet)`;
    return [{ path: ['uplinks'], message }];
  }
  return [
    ...view.uplinks.flatMap(checkUplink),
    ...uniqueNames(view),
    ...uniqueAddresses(view.uplinks),
    ...uniquePriorities(view),
    ...checkLan(view),
    ...checkFailover(view),
    ...view.uplinks.flatMap(checkTargets),
  ];
}

// `failover` names uplinks, each once.
function checkFailover(view: ConfigView): PathIssue[] {
  const names = view.names.map((mention) => mention.name);
  return (view.failover ?? []).flatMap((name, index): PathIssue[] => {
    const path = ['failover', index];
    if (!names.includes(name))
      return [
        { path, message: `failover "${name}" names no uplink (uplinks: ${names.join(', ') || 'none'})` },
      ];
    if (view.failover?.indexOf(name) !== index) return [{ path, message: `failover lists ${name} twice` }];
    return [];
  });
}

// Probes go out from the uplink's address, so every target must be of its family.
function checkTargets(uplink: CheckedUplink): PathIssue[] {
  return (uplink.file.check?.targets ?? []).flatMap((target, index): PathIssue[] => {
    const parsed = parseAddress(target);
    if (typeof parsed === 'string' || parsed.family === uplink.cidr.family) return [];
    return [
      {
        path: ['uplinks', uplink.index, 'check', 'targets', index],
        message: `target ${target} is IPv${parsed.family} but uplink ${uplink.file.name} is IPv${uplink.cidr.family}`,
      },
    ];
  });
}

function uniqueNames(view: ConfigView): PathIssue[] {
  const seen = new Map<string, number>();
  return view.names.flatMap(({ index, name }): PathIssue[] => {
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    return first === undefined
      ? []
      : [{ path: ['uplinks', index, 'name'], message: `name ${name} is already used by uplinks[${first}]` }];
  });
}

function uniqueAddresses(uplinks: readonly CheckedUplink[]): PathIssue[] {
  const seen = new Map<string, string>();
  return uplinks.flatMap(({ index, cidr, file }): PathIssue[] => {
    if (file.address === AUTO) return [];
    const first = seen.get(cidr.address);
    if (first === undefined) seen.set(cidr.address, file.name);
    return first === undefined
      ? []
      : [
          {
            path: ['uplinks', index, 'address'],
            message: `address ${cidr.address} is already used by uplink ${first}`,
          },
        ];
  });
}

function uniquePriorities(view: ConfigView): PathIssue[] {
  const seen = new Map<number, string>();
  const issues: PathIssue[] = [];
  for (const uplink of view.uplinks) {
    const { priority, markPriority } = uplinkPriorities(uplink.file, uplink.index);
    for (const [field, value] of [
      ['priority', priority],
      ['markPriority', markPriority],
    ] as const) {
      const first = seen.get(value);
      if (first !== undefined) {
        issues.push({
          path: ['uplinks', uplink.index, field],
          message: `rule priority ${value} is already used by ${first}`,
        });
      } else seen.set(value, `uplink ${uplink.file.name} (${field})`);
    }
  }
  return issues;
}

function checkLan(view: ConfigView): PathIssue[] {
  if (view.lan.length === 0) return [];
  const issues: PathIssue[] = [];
  view.lan.forEach((name, index) => {
    const uplink = view.uplinks.find((candidate) => candidate.file.interface === name);
    if (view.lan.indexOf(name) !== index)
      issues.push({ path: ['lan', index], message: `lan lists ${name} twice` });
    else if (uplink !== undefined) {
      issues.push({
        path: ['lan', index],
        message: `lan interface ${name} is the interface of uplink ${uplink.file.name}`,
      });
    }
  });
  const capacity = markCapacity(view.markMask);
  if (view.names.length > capacity) {
    issues.push({
      path: view.markMaskGiven ? ['markMask'] : ['lan'],
      message: `mark mask 0x${view.markMask.toString(16)} has room for ${capacity} uplinks, but there are ${view.names.length}`,
    });
  }
  return issues;
}
