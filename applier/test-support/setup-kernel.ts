import { requireProject } from './require-project.js';

/** Fails the kernel project under CI when root, netns or nft is missing. */
export default requireProject('kernel');
