import type { Family } from '../model/config.js';
import type { ConfigView } from './config-view.js';
import type { PathIssue } from './zod-issues.js';

/** The main table's default uplink per family, and the problems with what `default` says. */
export type DefaultsResult = {
  readonly defaults: Partial<Record<Family, string>>;
  readonly issues: readonly PathIssue[];
};

/**
 * Resolves `default`: named uplinks first (one per family), then the first uplink of each family left.
 * An uplink waiting for its lease counts in the checks but carries no default meanwhile.
 */
export function resolveDefaults(view: ConfigView): DefaultsResult {
  const defaults: Partial<Record<Family, string>> = {};
  const named: Partial<Record<Family, string>> = {};
  const issues: PathIssue[] = [];
  const listed = typeof view.default === 'string' ? [view.default] : (view.default ?? []);
  listed.forEach((name, position) => {
    const path = typeof view.default === 'string' ? ['default'] : ['default', position];
    if (!view.names.some((mention) => mention.name === name)) {
      const known = view.names.map((mention) => mention.name).join(', ') || 'none';
      issues.push({ path, message: `default "${name}" names no uplink (uplinks: ${known})` });
      return;
    }
    const uplink = view.uplinks.find((candidate) => candidate.file.name === name);
    if (uplink === undefined) return; // That uplink has its own issues already.
    const family = uplink.cidr.family;
    const taken = named[family];
    if (taken === undefined) {
      named[family] = name;
      if (!uplink.waiting) defaults[family] = name;
    } else {
      const message =
        taken === name
          ? `default lists ${name} twice`
          : `default names two IPv${family} uplinks (${taken} and ${name}); at most one per family`;
      issues.push({ path, message });
    }
  });
  for (const uplink of view.uplinks) if (!uplink.waiting) defaults[uplink.cidr.family] ??= uplink.file.name;
  return { defaults, issues };
}
