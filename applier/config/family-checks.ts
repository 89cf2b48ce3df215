import { familyOf } from '../model/address.js';
import { isRecord } from './auto-uplinks.js';
import { AUTO } from './field-schemas.js';
import type { PathIssue } from './zod-issues.js';

/**
 * `family:` against the literal address, gateway and prefix beside it. It reads the file as written,
 * before `auto` is resolved, so the message names what the user wrote, lease or no lease.
 */
export function checkFamilies(value: unknown): PathIssue[] {
  const uplinks = isRecord(value) && Array.isArray(value.uplinks) ? value.uplinks : [];
  return uplinks.flatMap((raw: unknown, index): PathIssue[] => {
    if (!isRecord(raw) || (raw.family !== 4 && raw.family !== 6)) return [];
    for (const field of ['address', 'gateway', 'prefix'] as const) {
      const text = raw[field];
      const family = typeof text === 'string' && text !== AUTO ? familyOf(text) : undefined;
      if (family !== undefined && family !== raw.family) {
        const message = `family ${raw.family} contradicts the IPv${family} ${field} ${text}`;
        return [{ path: ['uplinks', index, 'family'], message }];
      }
    }
    return [];
  });
}
