/** Who needs a checked item: the applier on a host, or one of the lab's runtimes. */
export type Need = 'applier' | 'docker' | 'netns';

/**
 * One thing `multihome doctor` checks, as data: whether it is there, what was found, the one command
 * that fixes it, and the Debian packages `multihome setup` would install for it.
 */
export type CheckItem = {
  /** Stable key, e.g. `iproute2`, `kernel.conntrack`, `docker.engine`, `tool.socat`. */
  readonly id: string;
  /** What is checked, in words: `iproute2 with JSON output`. */
  readonly title: string;
  readonly ok: boolean;
  /** What was found (a version, a path) or why it is missing. */
  readonly detail: string;
  /** The one command that fixes a missing item. */
  readonly fix?: string;
  /** Debian/Ubuntu packages that provide it; setup installs these. */
  readonly packages?: readonly string[];
  /** Who cannot work without it; an empty list means it is advisory (some features need it). */
  readonly neededBy: readonly Need[];
};

/** The items a need is missing, in check order. */
export function missingFor(items: readonly CheckItem[], need: Need): CheckItem[] {
  return items.filter((item) => !item.ok && item.neededBy.includes(need));
}

/** A check's result in one constructor call, so each probe reads as one expression. */
export function item(fields: CheckItem): CheckItem {
  return fields;
}
