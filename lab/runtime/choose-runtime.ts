import type { CheckItem } from '../../applier/doctor/check-item.js';
import { missingFor } from '../../applier/doctor/check-item.js';
import { hostContext } from '../../applier/doctor/probe-context.js';
import { LabError } from '../errors.js';
import { LAB_RUNTIMES, type LabRuntime } from '../lab-types.js';
import { setupProvides } from '../setup/setup-plan.js';
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
  throw new LabError('RUNTIME_UNAVAILABLE', unavailableSentence(checked, requested, context.uid === 0), {
    source: 'user',
  });
}

/**
 * One sentence: what each candidate runtime lacks, and what helps: `setup` (with sudo unless root) for
 * what it installs or starts, root or the docker group for what no install gives, and `doctor`.
 */
export function unavailableSentence(
  items: readonly CheckItem[],
  requested?: LabRuntime,
  root = true,
): string {
  const needs = (runtime: LabRuntime) => missingFor(items, runtime).map(describe).join(', ');
  const doctor = 'or `multihome doctor` to see every check.';
  if (requested !== undefined)
    return `The ${requested} lab runtime cannot run here: it needs ${needs(requested)}; ${helpFor(items, requested, root)}, ${doctor}`;
  const lacks = LAB_RUNTIMES.map((runtime) => `the ${runtime} runtime needs ${needs(runtime)}`);
  const setupAlone = LAB_RUNTIMES.every((runtime) => missingFor(items, runtime).every(setupProvides));
  const help = setupAlone
    ? `run \`${root ? '' : 'sudo '}multihome setup\` to provision it`
    : LAB_RUNTIMES.map((runtime) => `for ${runtime}, ${helpFor(items, runtime, root)}`).join('; ');
  return `No lab runtime can run here: ${lacks.join('; ')}; ${help}, ${doctor}`;
}

// Setup only where it provides something: to a user without root, "run setup" sent them to a command
// that could only repeat that they are not root.
function helpFor(items: readonly CheckItem[], runtime: LabRuntime, root: boolean): string {
  const missing = missingFor(items, runtime);
  const provided = missing.filter(setupProvides);
  const what = provided.length === missing.length ? 'it' : provided.map((found) => found.title).join(', ');
  const setup =
    provided.length === 0
      ? []
      : [`run \`${root ? '' : 'sudo '}multihome setup --runtime ${runtime}\` to provision ${what}`];
  const others = missing
    .filter((found) => !setupProvides(found))
    .map((found) => LAB_ADVICE[found.id] ?? found.fix ?? describe(found));
  return [...setup, ...others].join(', then ');
}

// The lab's words for what no install gives: the same command again, with more rights.
const LAB_ADVICE: Readonly<Record<string, string>> = {
  privileges: 'run it as root (sudo multihome …)',
  'docker.access':
    'run it as root, or join the docker group (sudo usermod -aG docker "$USER", then log in again)',
};

function describe(item: CheckItem): string {
  return `${item.title} (${item.detail})`;
}
