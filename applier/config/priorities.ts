import type { UplinkFile } from './schema.js';

/** Default pref of the `from <address>` rules; below the main table's 32766 and clear of distro rules. */
export const FROM_PRIORITY_BASE = 10000;

/** Default pref of the fwmark rules; lower than the from-rules so forwarded replies are decided by mark first. */
export const MARK_PRIORITY_BASE = 9000;

/**
 * The most uplinks one config may have: the default prefs 9000+i and 10000+i stay in their own
 * ranges (9000-9999 and 10000-10999) up to this many, so defaults can never collide.
 */
export const MAX_UPLINKS = FROM_PRIORITY_BASE - MARK_PRIORITY_BASE;

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
