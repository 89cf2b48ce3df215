import type { CheckItem } from '../../applier/doctor/check-item.js';
import { missingFor } from '../../applier/doctor/check-item.js';
import { LabError } from '../errors.js';
import { canRun, doctorItems, RUNTIMES, type Runtime } from './doctor.js';

/** What the chooser decided, with the doctor items it decided on (so callers can show them). */
export type RuntimeChoice = { readonly runtime: Runtime; readonly items: readonly CheckItem[] };

/**
 * The lab runtime to use: the requested one if it can run here, else (nothing requested) Docker where
 * an engine answers, else netns where it can run (root and its tools). Otherwise a user error (exit 2)
 * with one sentence naming what is missing and the command that helps. Decides on the same check
 * items `multihome doctor` prints.
 */
export async function chooseRuntime(
  requested?: Runtime,
  items?: readonly CheckItem[],
): Promise<RuntimeChoice> {
  const checked = items ?? (await doctorItems());
  const candidates = requested === undefined ? RUNTIMES : [requested];
  const runtime = candidates.find((candidate) => canRun(checked, candidate));
  if (runtime !== undefined) return { runtime, items: checked };
  throw new LabError('RUNTIME_UNAVAILABLE', unavailableSentence(checked, requested), {
    source: 'user',
  });
}

/** One sentence: what each candidate runtime lacks, and the setup and doctor commands that help. */
export function unavailableSentence(items: readonly CheckItem[], requested?: Runtime): string {
  const needs = (runtime: Runtime) => missingFor(items, runtime).map(describe).join(', ');
  const help = `Run \`multihome setup${requested === undefined ? '' : ` --runtime ${requested}`}\` to provision it, or \`multihome doctor\` to see every check.`;
  if (requested !== undefined)
    return `The ${requested} lab runtime cannot run here: it needs ${needs(requested)}. ${help}`;
  const lacks = RUNTIMES.map((runtime) => `the ${runtime} runtime needs ${needs(runtime)}`);
  return `No lab runtime can run here: ${lacks.join('; ')}. ${help}`;
}

function describe(item: CheckItem): string {
  return `${item.title} (${item.detail})`;
}
