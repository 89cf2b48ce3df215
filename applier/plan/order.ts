import type { Change } from './types.js';

// Make before break: everything new exists before anything old goes.
const PHASES: readonly string[] = [
  'add address',
  'add table-name',
  'replace sysctl',
  'add route',
  'replace route',
  'add rule',
  'add nftables',
  'replace nftables',
  'delete nftables',
  'delete rule',
  'delete route',
  'delete address',
  'delete table-name',
];

/** Sorts changes make-before-break; changes within one phase keep their order. */
export function orderChanges(changes: readonly Change[]): Change[] {
  return changes
    .map((change, index) => ({ change, index, phase: phaseOf(change) }))
    .sort((a, b) => a.phase - b.phase || a.index - b.index)
    .map(({ change }) => change);
}

function phaseOf(change: Change): number {
  const phase = PHASES.indexOf(`${change.action} ${change.kind}`);
  return phase === -1 ? PHASES.length : phase;
}
