import type { CheckItem } from '../../applier/doctor/check-item.js';
import { missingFor } from '../../applier/doctor/check-item.js';
import { hostContext } from '../../applier/doctor/probe-context.js';
import { LabError } from '../errors.js';
import { LAB_RUNTIMES, type LabRuntime } from '../lab-types.js';
import { canRun, doctorItems } from './doctor.js';
import { engineCheck, type LabProbeContext } from './lab-checks.js';

/** What the chooser decided, with the doctor items it decided on (so callers can show them). */
export type RuntimeChoice = { readonly runtime: LabRuntime; readonly items: readonly CheckItem[] };

/**
 * The lab runtime to use: the requested one if it can run here, else (nothing requested) Docker where
 * an engine answers, else netns where it can run (root and its tools). Otherwise a user error (exit 2)
 * with one sentence naming what is missing and the command that helps. Decides on the same check
 * items `multihome doctor` prints.
 */
export async function chooseRuntime(
  requested?: LabRuntime,
  items?: readonly CheckItem[],
  context: LabProbeContext = hostContext(),
): Promise<RuntimeChoice> {
  if (items === undefined && requested !== 'netns') {
    // Docker is the first choice, and an engine that answers settles it without the other checks.
    const engine = await engineCheck(context);
    if (engine.ok) return { runtime: 'docker', items: [engine] };
  }
  const checked = items ?? (await doctorItems(context));
  const candidates = requested === undefined ? LAB_RUNTIMES : [requested];
  const runtime = candidates.find((candidate) => canRun(checked, candidate));
  if (runtime !== undefined) return { runtime, items: checked };
  throw new LabError('RUNTIME_UNAVAILABLE', unavailableSentence(checked, requested), {
    source: 'user',
  });
}

/** One sentence: what each candidate runtime lacks, and the setup and doctor commands that help. */
export function unavailableSentence(items: readonly CheckItem[], requested?: LabRuntime): string {
  const needs = (runtime: LabRuntime) => missingFor(items, runtime).map(describe).join(', ');
  const help = `run \`multihome setup${requested === undefined ? '' : ` --runtime ${requested}`}\` to provision it, or \`multihome doctor\` to see every check.`;
  if (requested !== undefined)
    return `The ${requested} lab runtime cannot run here: it needs ${needs(requested)}; ${help}`;
  const lacks = LAB_RUNTIMES.map((runtime) => `the ${runtime} runtime needs ${needs(runtime)}`);
  return `No lab runtime can run here: ${lacks.join('; ')}; ${help}`;
}

function describe(item: CheckItem): string {
  return `${item.title} (${item.detail})`;
}
