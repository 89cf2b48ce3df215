import { inCi, missingRequirements, type ProjectName } from './requirements.js';

/**
 * vitest globalSetup for the kernel and lab projects: under CI a missing requirement fails the
 * run instead of letting the project pass with nothing tested.
 */
export function requireProject(project: ProjectName): () => void {
  return () => {
    const missing = missingRequirements(project);
    if (missing.length > 0 && inCi()) {
      throw new Error(`CI=true and the ${project} test project cannot run: missing ${missing.join('; ')}`);
    }
  };
}
