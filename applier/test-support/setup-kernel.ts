import { guardHostFiles } from './host-files.js';
import { requireProject } from './require-project.js';

/** Fails the kernel project under CI when root, netns or nft is missing, and when its tests leave files on the host. */
export default function setupKernel(): () => void {
  requireProject('kernel')();
  return guardHostFiles();
}
