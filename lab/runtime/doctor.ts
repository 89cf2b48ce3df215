import { applierChecks } from '../../applier/doctor/applier-checks.js';
import { type CheckItem, missingFor } from '../../applier/doctor/check-item.js';
import { hostContext } from '../../applier/doctor/probe-context.js';
import type { LabRuntime } from '../lab-types.js';
import { type LabProbeContext, labChecks } from './lab-checks.js';

/** Everything `multihome doctor` checks: the applier's items, then the lab's. */
export async function doctorItems(context: LabProbeContext = hostContext()): Promise<CheckItem[]> {
  const [applier, lab] = await Promise.all([applierChecks(context), labChecks(context)]);
  return [...applier, ...lab];
}

/** Whether a runtime can run with these items (advisory items never block). */
export function canRun(items: readonly CheckItem[], runtime: LabRuntime): boolean {
  return missingFor(items, runtime).length === 0;
}
