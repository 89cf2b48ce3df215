import type { Change, HostState, Ledger } from '../model/types.js';

/** Sysctl changes: set what differs from the held values; give back originals no longer held. */
export function planSysctls(
  state: HostState,
  desired: Readonly<Record<string, string>>,
  ledger: Ledger | null,
): Change[] {
  const changes: Change[] = [];
  for (const [key, value] of Object.entries(desired)) {
    const current = state.sysctls[key];
    if (current === value) continue;
    changes.push(sysctlChange(key, value, current, reasonFor(key, value, current)));
  }
  for (const [key, original] of Object.entries(ledger?.sysctlOriginals ?? {})) {
    const current = state.sysctls[key];
    if (key in desired || current === undefined || current === original) continue;
    changes.push(
      sysctlChange(key, original, current, `the config no longer needs ${key}; restoring ${original}`),
    );
  }
  return changes;
}

/** One sysctl change, remembering the value it overwrites. */
export function sysctlChange(
  key: string,
  value: string,
  previous: string | undefined,
  reason: string,
): Change {
  return {
    action: 'replace',
    kind: 'sysctl',
    family: 4,
    object: { key, value, ...(previous === undefined ? {} : { previous }) },
    reason,
  };
}

const RP_FILTER_MODES: Readonly<Record<string, string>> = { '0': 'off', '1': 'strict', '2': 'loose' };

function reasonFor(key: string, value: string, current: string | undefined): string {
  if (key.endsWith('.rp_filter')) {
    if (current === '1') return `${key} is 1 (strict), which drops replies via another uplink`;
    return `${key} is ${current ?? 'unset'} (${RP_FILTER_MODES[current ?? ''] ?? 'unknown'}); multihome holds it at ${value} (${RP_FILTER_MODES[value] ?? value})`;
  }
  if (key.endsWith('.src_valid_mark'))
    return `${key} must be ${value} so reverse-path checks see the packet mark`;
  return `${key} is ${current ?? 'unset'}, not ${value}`;
}
