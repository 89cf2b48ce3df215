import { defineConfig } from 'vitest/config';
import { inCi, missingRequirements, type ProjectName } from './applier/test-support/requirements.js';

// Three projects: unit (pure), kernel (root + netns, no Docker), lab (Docker). The scenario files run
// in both of the last two, on the runtime the project names (MULTIHOME_LAB_RUNTIME); the tests of the
// harness's pure parts and of its support modules start no lab, so they run once, in unit. `npm test`
// runs `multihome setup` first (pretest), and each project's global setup runs it again for its own
// runtime, so what can be provisioned is there before these gates look. Outside CI a project whose
// requirement is still missing is left out with a loud banner; with CI=true it stays and its global
// setup fails the run, so CI can never pass with a project silently skipped.
function gate(name: ProjectName): boolean {
  const missing = missingRequirements(name);
  if (missing.length === 0 || inCi()) return true;
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n!! SKIPPING the "${name}" test project: missing ${missing.join('; ')} (\`npm test\` runs \`multihome setup\` first)\n${line}\n`,
  );
  return false;
}

// The scenario folder's tests that start no lab: unit runs them, so the lab project must not.
const PURE_SCENARIO_TESTS = ['scenarios/harness/*.test.ts', 'scenarios/support/*.test.ts'];

const unit = {
  test: {
    name: 'unit',
    include: ['*.test.ts', '{applier,lab,docker}/**/*.test.ts', ...PURE_SCENARIO_TESTS],
    exclude: ['**/*.kernel.test.ts', '**/*.lab.test.ts', '**/node_modules/**', 'dist/**'],
    // Property tests run thousands of cases; on a loaded 2-core machine 5 s is not enough for them.
    testTimeout: 30_000,
  },
};
const kernel = {
  test: {
    name: 'kernel',
    include: [
      '{applier,lab,scenarios}/**/*.kernel.test.ts',
      'scenarios/[0-9]*.test.ts',
      'scenarios/cli/*.test.ts',
    ],
    globalSetup: ['lab/test-support/provision-project.ts', 'applier/test-support/setup-kernel.ts'],
    env: { MULTIHOME_LAB_RUNTIME: 'netns' },
    // Two files at a time (two netns labs with the same addresses run side by side; the scenarios
    // mostly wait on timers and packets, and two cores are shared), in reused workers: each file's own
    // import of the lab and applier cost about a second of CPU. Its own group, after unit's.
    sequence: { groupOrder: 1 },
    maxWorkers: 2,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
};
const lab = {
  test: {
    name: 'lab',
    include: ['{applier,lab,docker}/**/*.lab.test.ts', 'scenarios/**/*.test.ts'],
    exclude: [...PURE_SCENARIO_TESTS, '**/node_modules/**', 'dist/**'],
    globalSetup: ['lab/test-support/provision-project.ts', 'lab/test-support/setup-lab.ts'],
    env: { MULTIHOME_LAB_RUNTIME: 'docker' },
    // As the kernel project's, on Docker: labs of the same topology run side by side there too.
    sequence: { groupOrder: 2 },
    maxWorkers: 2,
    isolate: false,
    testTimeout: 180_000,
    hookTimeout: 900_000,
  },
};

export default defineConfig({
  test: {
    projects: [unit, ...(gate('kernel') ? [kernel] : []), ...(gate('lab') ? [lab] : [])],
  },
});
