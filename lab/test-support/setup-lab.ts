import { requireProject } from '../../applier/test-support/require-project.js';

/**
 * vitest globalSetup for the lab project: fails under CI without Docker. The image build
 * (ensureImage) is added here once the docker/ module exists, so it runs once per test run.
 */
export default requireProject('lab');
