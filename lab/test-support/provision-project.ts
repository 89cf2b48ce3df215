import type { TestProject } from 'vitest/node';
import { runSetup } from '../setup/run-setup.js';

/**
 * vitest globalSetup, first for the kernel and lab projects: `multihome setup` for the project's
 * runtime (netns for kernel, Docker for lab) and the suite's host tools, loudly and only for what
 * is missing. It never fails by itself: the project's own requirement check comes next and fails
 * the run under CI=true if something is still missing.
 */
export default async function provisionProject(project: TestProject): Promise<void> {
  const lab = project.name === 'lab';
  await runSetup({ runtimes: [lab ? 'docker' : 'netns'], tests: true }, { log: (line) => console.log(line) });
}
