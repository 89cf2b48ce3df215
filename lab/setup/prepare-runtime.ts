import { chooseRuntime } from '../runtime/choose-runtime.js';
import type { Runtime } from '../runtime/doctor.js';
import { runSetup } from './run-setup.js';

/**
 * What the demo does first: `multihome setup` for the runtime (loudly, only what is missing), then
 * the chooser's verdict on the checks after it: the runtime, or one sentence naming what is still
 * missing and the command that helps (a user error, exit 2).
 */
export async function prepareRuntime(runtime: Runtime, log: (line: string) => void): Promise<Runtime> {
  const report = await runSetup({ runtimes: [runtime] }, { log });
  return (await chooseRuntime(runtime, report.items)).runtime;
}
