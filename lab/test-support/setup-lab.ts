import type { TestProject } from 'vitest/node';
import { guardHostFiles } from '../../applier/test-support/host-files.js';
import { requireProject } from '../../applier/test-support/require-project.js';
import { missingRequirements } from '../../applier/test-support/requirements.js';
import { ensureLabImage } from '../../docker/ensure-image.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The lab node image's tag, built once by this global setup; `inject('labImage')`. */
    labImage: string;
  }
}

/**
 * vitest globalSetup for the lab project: fails under CI without Docker, then builds the lab image
 * once (or finds it) before any lab test runs, so no test pays for or races over the build. Its
 * teardown fails the run when the tests left multihome files on the host.
 */
export default async function setupLab(project: TestProject): Promise<() => void> {
  requireProject('lab')();
  const teardown = guardHostFiles();
  if (missingRequirements('lab').length > 0) return teardown;
  const image = await ensureLabImage({ log: (line) => console.log(`[lab image] ${line}`) });
  const how = image.source === 'cached' ? 'present' : `built by the ${image.source} path`;
  console.log(`[lab image] ${image.tag} ${how} (${(image.durationMs / 1000).toFixed(1)} s)`);
  project.provide('labImage', image.tag);
  return teardown;
}
