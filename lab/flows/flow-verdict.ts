import type { Flow } from './flow.js';

/** A flow is right when the exchange completed and the reply left through the uplink it came in on. */
export function flowIsRight(flow: Flow): boolean {
  return flow.ok && flow.replyVia === flow.uplink;
}

/** The bug shows when some flow failed because its reply left through another uplink's gateway. */
export function bugShown(before: readonly Flow[]): boolean {
  return before.some((f) => !f.ok && f.replyVia !== null && f.replyVia !== f.uplink);
}

/** The demo passes only if the bug showed before the fix and every flow is right after it. */
export function demoPassed(before: readonly Flow[], after: readonly Flow[]): boolean {
  return bugShown(before) && after.length > 0 && after.every(flowIsRight);
}
