import { Option } from 'commander';
import { LabError } from '../errors.js';
import { LAB_RUNTIMES, type LabRuntime } from '../lab-types.js';
import { chooseRuntime } from '../runtime/choose-runtime.js';

/** `--runtime docker|netns`, for every command that starts, checks or provisions a lab runtime. */
export function runtimeOption(
  description = 'where the lab runs: Docker containers, or network namespaces on this host (root, no engine)',
): Option {
  return new Option('--runtime <runtime>', description).choices(LAB_RUNTIMES);
}

/**
 * The runtime the user named, checked that it can run here, or the default choice; a runtime that
 * cannot run is a user error (exit 2) naming what is missing and the setup or doctor command.
 */
export async function resolveRuntime(named: string | undefined): Promise<LabRuntime> {
  return (await chooseRuntime(named as LabRuntime | undefined)).runtime;
}

/**
 * For commands that run `setup` first (the demo, `multihome test`): the runtime named, else the
 * default choice, else Docker when nothing can run yet, since that is what setup then provisions.
 */
export async function runtimeToProvision(named: string | undefined): Promise<LabRuntime> {
  if (named !== undefined) return named as LabRuntime;
  try {
    return (await chooseRuntime()).runtime;
  } catch (error) {
    if (error instanceof LabError && error.code === 'RUNTIME_UNAVAILABLE') return 'docker';
    throw error;
  }
}
