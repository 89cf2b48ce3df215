import type { LabRuntime } from '../lab-types.js';
import { chooseRuntime } from './choose-runtime.js';

/**
 * The runtime a lab gets when nobody names one: Docker where an engine answers, else netns where it
 * can run, else a user error naming what is missing (the same checks `multihome doctor` prints).
 */
export async function defaultRuntime(): Promise<LabRuntime> {
  return (await chooseRuntime()).runtime;
}
