import type { LabRuntime } from '../lab-types.js';
import { chooseRuntime } from '../runtime/choose-runtime.js';
import { runSetup } from './run-setup.js';

/**
 * What the demo does first: `multihome setup` for the runtime (loudly, only what is missing), then
 * the chooser's verdict on the checks after it: the runtime, or one sentence naming what is still
 * missing and the command that helps (a user error, exit 2).
 */
export async function prepareRuntime(runtime: LabRuntime, log: (line: string) => void): Promise<LabRuntime> {
  const report = await runSetup({ runtimes: [runtime] }, { log });
  return (await chooseRuntime(runtime, report.items)).runtime;
}
