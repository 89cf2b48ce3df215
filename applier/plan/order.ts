import type { Change } from '../model/types.js';

/** Make before break: everything new exists before anything old goes. */
export const APPLY_PHASES: readonly string[] = [
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

/**
 * Removal: the displaced default comes back before multihome's goes; sysctls are restored only after
 * the rules and routes that needed them are gone.
 */
export const REMOVAL_PHASES: readonly string[] = [
  'add route',
  'replace route',
  'delete nftables',
  'delete rule',
  'delete route',
  'delete address',
  'replace sysctl',
  'delete table-name',
];

/** Sorts changes by phase (make-before-break by default); changes within one phase keep their order. */
export function orderChanges(changes: readonly Change[], phases: readonly string[] = APPLY_PHASES): Change[] {
  return changes
    .map((change, index) => ({ change, index, phase: phaseOf(change, phases) }))
    .sort((a, b) => a.phase - b.phase || a.index - b.index)
    .map(({ change }) => change);
}

function phaseOf(change: Change, phases: readonly string[]): number {
  const phase = phases.indexOf(`${change.action} ${change.kind}`);
  return phase === -1 ? phases.length : phase;
}
