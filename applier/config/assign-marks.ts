import type { ConfigView } from './config-view.js';
import { markCapacity, markFits, markFor } from './marks.js';
import type { PathIssue } from './zod-issues.js';

/** Marks multihome used before: per uplink name, and those of uplinks that went (never handed out again). */
export type MarkFacts = {
  readonly previousMarks?: Readonly<Record<string, number>> | undefined;
  readonly retiredMarks?: readonly number[] | undefined;
};

/**
 * Assigns each uplink its connection mark, stably, as tables are: an explicit `mark` wins; then the
 * mark the uplink had last time; then the lowest mark inside the mask that no uplink has, had or
 * retired. A forwarded connection tracked with an uplink's mark keeps replying through that uplink
 * however the list changes, and a mark that went is never given to another uplink while a tracked
 * connection may still carry it (until `remove`). With `lan`, running out of marks is an error.
 */
export function assignMarks(
  view: ConfigView,
  facts: MarkFacts,
): { marks: ReadonlyMap<number, number>; issues: PathIssue[] } {
  const marks = new Map<number, number>();
  const issues: PathIssue[] = [];
  const owner = new Map<number, string>();
  for (const { index, file } of view.uplinks) {
    if (file.mark === undefined) continue;
    const path = ['uplinks', index, 'mark'];
    const other = owner.get(file.mark);
    if (!markFits(file.mark, view.markMask) || file.mark === 0) {
      issues.push({
        path,
        message: `mark ${hexOf(file.mark)} is 0 or has bits outside markMask ${hexOf(view.markMask)}`,
      });
    } else if (other !== undefined)
      issues.push({ path, message: `mark ${hexOf(file.mark)} is already used by uplink ${other}` });
    owner.set(file.mark, file.name);
    marks.set(index, file.mark);
  }
  const previous = facts.previousMarks ?? {};
  const taken = new Set([...owner.keys(), ...(facts.retiredMarks ?? [])]);
  const pending = view.uplinks.filter(({ file }) => file.mark === undefined);
  for (const { index, file } of pending) {
    const last = Object.hasOwn(previous, file.name) ? previous[file.name] : undefined;
    if (last === undefined || last === 0 || !markFits(last, view.markMask) || taken.has(last)) continue;
    taken.add(last);
    marks.set(index, last);
  }
  for (const mark of Object.values(previous)) taken.add(mark);
  let slot = 0;
  for (const { index } of pending) {
    if (marks.has(index)) continue;
    while (taken.has(markFor(slot, view.markMask)) && markFits(markFor(slot, view.markMask), view.markMask))
      slot++;
    const mark = markFor(slot, view.markMask);
    if (!markFits(mark, view.markMask)) {
      // Without `lan` marks are never used; with it, the mask is full (in use or retired).
      // (More uplinks than the mask holds at all is crossCheck's to report.)
      if (view.lan.length > 0 && view.names.length <= markCapacity(view.markMask)) {
        issues.push({
          path: ['uplinks', index],
          message: `markMask ${hexOf(view.markMask)} has no free mark left (in use, or retired by uplinks that went until \`multihome remove\`); widen markMask`,
        });
      }
      marks.set(index, 0);
      continue;
    }
    taken.add(mark);
    marks.set(index, mark);
  }
  return { marks, issues };
}

function hexOf(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}
