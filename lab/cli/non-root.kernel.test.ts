import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, requireBuiltCli } from '../../applier/e2e/cli-path.js';
import { AS_NOBODY } from '../../applier/test-support/as-nobody.js';

/** The built CLI as nobody: the privilege check and the Docker socket see an ordinary user. */
async function asNobody(args: readonly string[]) {
  const run = await execa('setpriv', [...AS_NOBODY, process.execPath, binPath(), ...args], {
    reject: false,
    timeout: 60_000,
    env: { NO_COLOR: '1' },
  });
  return { code: run.exitCode, stderr: run.stderr };
}

// Root is what an ordinary user lacks, and no install gives it: both commands must say to run as root,
// not send the user to a `setup` that could only answer that it is not root.
describe('the netns runtime for a user without root', () => {
  beforeAll(requireBuiltCli, 180_000);

  it('setup says in one sentence what is missing and how to get it (exit 2)', async () => {
    const run = await asNobody(['setup', '--runtime', 'netns']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(
        /^\[setup [\d:]+\] netns needs root or CAP_NET_ADMIN \(uid 65534 without CAP_NET_ADMIN\), which setup cannot install: run the netns lab as root, e.g. `sudo multihome lab up --runtime netns`$/,
      ),
    ]);
  });

  it('lab up says to run it as root, not to run setup (exit 2)', async () => {
    const run = await asNobody(['lab', 'up', '--runtime', 'netns']);
    expect(run).toEqual({
      code: 2,
      stderr:
        'multihome: The netns lab runtime cannot run here: it needs root or CAP_NET_ADMIN (uid 65534 without CAP_NET_ADMIN); run it as root (sudo multihome …), or `multihome doctor` to see every check.',
    });
  });
});
