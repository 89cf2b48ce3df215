import type { LabRuntime } from '../lab-types.js';

/**
 * The runtime a lab gets when nobody names one. The one seam for the runtime choice (doctor/setup
 * own it: Docker where an engine answers, else netns where it can run); until then, Docker.
 */
export function defaultRuntime(): Promise<LabRuntime> {
  return Promise.resolve('docker');
}
