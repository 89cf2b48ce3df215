import { rm } from 'node:fs/promises';
import { test } from 'vitest';
import { defaultTopology, Lab, type LabOptions, loadConfigLab, type Topology } from '../../lab/index.js';
import { type TestLab, testLab } from './test-lab.js';

/** The fixtures `labTest` gives a test. */
export type LabFixtures = {
  /** The lab's topology; the article's by default. Set it with `labTest.override({ topology })`. */
  topology: Topology;
  /**
   * A multihome config file to shape the lab like (`multihome lab up --config`); when set it wins over
   * `topology`, and `lab.applyConfig(config)` is the fix under test.
   */
  config: string | undefined;
  /** Options for `Lab.up`: runtime (`docker` or `netns`), name, artifacts dir, captures. */
  labOptions: LabOptions;
  /** A started lab for this test, taken down when the test ends, whether it passed or failed. */
  lab: TestLab;
};

/**
 * A vitest `test` whose `lab` fixture is a started lab: `labTest('fix works', async ({ lab }) => …)`.
 * The lab is held with `await using`, so it is disposed (containers and networks removed) at test end.
 */
export const labTest = test.extend<LabFixtures>({
  topology: defaultTopology(),
  config: undefined,
  labOptions: {},
  lab: async ({ topology, config, labOptions, task }, use) => {
    const shape = config === undefined ? topology : loadConfigLab(config).topology;
    const artifactsDir = await useLab(shape, labOptions, use);
    // Like the scenarios: a failed test keeps its pcaps for Wireshark, a passed one leaves nothing.
    if (task.result?.state === 'fail') console.error(`${task.name}: pcaps kept in ${artifactsDir}`);
    else await rm(artifactsDir, { recursive: true, force: true });
  },
});

// The lab lives exactly as long as this block: `await using` takes it down when `use` returns or throws.
async function useLab(
  topology: Topology,
  options: LabOptions,
  use: (lab: TestLab) => Promise<void>,
): Promise<string> {
  await using lab = await Lab.up(topology, options);
  await use(testLab(lab));
  return lab.artifactsDir;
}
