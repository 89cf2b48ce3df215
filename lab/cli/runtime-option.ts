import { Option } from 'commander';
import { LAB_RUNTIMES, type LabRuntime } from '../lab-types.js';
import { defaultRuntime } from '../runtime/default-runtime.js';

/** `--runtime docker|netns`, for every command that starts a lab. */
export function runtimeOption(): Option {
  return new Option(
    '--runtime <runtime>',
    'where the lab runs: Docker containers, or network namespaces on this host (root, no engine)',
  ).choices(LAB_RUNTIMES);
}

/** The runtime the user named, or the default choice. */
export function resolveRuntime(named: string | undefined): Promise<LabRuntime> {
  return named === undefined ? defaultRuntime() : Promise.resolve(named as LabRuntime);
}
