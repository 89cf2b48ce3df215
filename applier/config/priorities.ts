import type { UplinkFile } from './schema.js';

/** Default pref of the `from <address>` rules; below the main table's 32766 and clear of distro rules. */
export const FROM_PRIORITY_BASE = 10000;

/** Default pref of the fwmark rules; lower than the from-rules so forwarded replies are decided by mark first. */
export const MARK_PRIORITY_BASE = 9000;

/** The rule prefs of one uplink: explicit values win, otherwise base + its index in the file. */
export function uplinkPriorities(
  uplink: Pick<UplinkFile, 'priority' | 'markPriority'>,
  index: number,
): { priority: number; markPriority: number } {
  return {
    priority: uplink.priority ?? FROM_PRIORITY_BASE + index,
    markPriority: uplink.markPriority ?? MARK_PRIORITY_BASE + index,
  };
}
