import { broadcastOf, isInside, isLinkLocal } from '../model/address.js';
import { CHECK_DEFAULTS } from './build-config.js';
import type { CheckedUplink } from './config-view.js';
import { AUTO, byteLength, durationMs, uncarriedCharacter } from './field-schemas.js';
import type { PathIssue } from './zod-issues.js';

/**
 * Checks that relate one uplink's fields to each other: gateway family and subnet, prefix only with
 * `address: auto`, the alias label, and the check's failureInterval against its interval.
 */
export function checkUplink(uplink: CheckedUplink): PathIssue[] {
  const at = (field: string) => ['uplinks', uplink.index, field];
  const { cidr, gateway, file } = uplink;
  const issues: PathIssue[] = [];
  if (gateway.family !== cidr.family) {
    const address =
      file.address === AUTO && file.prefix !== undefined ? `auto (prefix ${file.prefix})` : file.address;
    issues.push({
      path: at('gateway'),
      message: `gateway ${gateway.address} is IPv${gateway.family} but address ${address} is IPv${cidr.family}`,
    });
  } else if (uplink.waiting) {
    // The rest compares the address with the gateway, and one of them is not known yet.
  } else if (gateway.address === cidr.address) {
    issues.push({ path: at('gateway'), message: `gateway ${gateway.address} is the uplink's own address` });
  } else if (
    cidr.family === 4 &&
    cidr.prefixLength < 31 &&
    cidr.network === `${gateway.address}/${cidr.prefixLength}`
  ) {
    issues.push({
      path: at('gateway'),
      message: `gateway ${gateway.address} is the network address of ${cidr.network}`,
    });
  } else if (broadcastOf(cidr) === gateway.address) {
    issues.push({
      path: at('gateway'),
      message: `gateway ${gateway.address} is the broadcast address of ${cidr.network}`,
    });
  } else if (!isInside(gateway, cidr) && !isLinkLocal(gateway) && file.onlink !== true) {
    issues.push({
      path: at('gateway'),
      message: `gateway is not inside ${cidr.network} (set onlink: true if the provider really routes it so)`,
    });
  }
  if (file.prefix !== undefined && file.address !== AUTO) {
    issues.push({
      path: at('prefix'),
      message: `prefix only picks the address of address: auto; address ${file.address} is given, so remove prefix`,
    });
  }
  if (file.label !== undefined) issues.push(...checkLabel(uplink, at('label')));
  return [...issues, ...checkFailureInterval(uplink)];
}

// Probing slower after a miss than before it would delay detection: failureInterval ≤ interval.
function checkFailureInterval({ index, file }: CheckedUplink): PathIssue[] {
  const { failureInterval, interval } = file.check ?? {};
  const failureMs = failureInterval === undefined ? undefined : durationMs(failureInterval);
  const intervalMs = interval === undefined ? CHECK_DEFAULTS.intervalMs : durationMs(interval);
  if (failureMs === undefined || intervalMs === undefined || failureMs <= intervalMs) return [];
  const given = `${interval === undefined ? 'the default ' : ''}${intervalMs}ms`;
  return [
    {
      path: ['uplinks', index, 'check', 'failureInterval'],
      message: `failureInterval ${failureMs}ms is longer than interval (${given}); it must be at most that`,
    },
  ];
}

function checkLabel(uplink: CheckedUplink, path: readonly (string | number)[]): PathIssue[] {
  const label = uplink.file.label ?? '';
  const prefix = `${uplink.file.interface}:`;
  if (uplink.cidr.family === 6)
    return [{ path, message: 'label is IPv4-only (IPv6 addresses carry no label)' }];
  if (!label.startsWith(prefix) || label.length === prefix.length) {
    return [{ path, message: `label "${label}" must be "${prefix}" followed by a suffix, e.g. ${prefix}0` }];
  }
  if (byteLength(label) > 15 || /[\s/]/.test(label)) {
    return [
      {
        path,
        message: `label "${label}" must be at most 15 bytes without "/" or spaces (the kernel would cut it)`,
      },
    ];
  }
  const why = uncarriedCharacter(label);
  return why === null ? [] : [{ path, message: `label "${label}" holds ${why}` }];
}
