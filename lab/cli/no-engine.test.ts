import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../applier/errors.js';
import { sentencesOf } from '../../applier/test-support/sentences.js';
import { registerLabCommands } from './commands.js';

const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

/** What `multihome lab ARGV…` throws in-process where no engine answers. */
async function failureOf(argv: string[]): Promise<unknown> {
  process.env.DOCKER_HOST = 'unix:///nonexistent/multihome-test/docker.sock';
  const program = new Command('multihome').exitOverride();
  registerLabCommands(program, { out: () => {}, err: () => {} });
  return program.parseAsync(['lab', ...argv], { from: 'user' }).catch((e: unknown) => e);
}

describe('multihome lab up where no engine answers', () => {
  // --runtime docker: left to the default choice, a root host without an engine would get a netns lab.
  it('exits 2 with one sentence naming what is missing and the setup and doctor commands', async () => {
    const error = await failureOf(['up', '--runtime', 'docker', '--name', 'never-made']);
    expect(exitCodeFor(error)).toBe(2);
    const message = (error as Error).message;
    expect(sentencesOf(message)).toEqual([message]);
    expect(message).toMatch(
      /^The docker lab runtime cannot run here: .*no engine answers at unix:\/\/\/nonexistent.*; run `multihome setup --runtime docker`.*`multihome doctor`[^.]*[^.]\.$/,
    );
  });
});

describe('multihome lab commands on a mistyped name where no engine answers', () => {
  // Every command that finds a lab by name: the error is the name, not the missing engine.
  it.each([
    ['down', 'mh-typo'],
    ['exec', 'mh-typo', 'router', '--', 'true'],
    ['flows', 'mh-typo'],
  ])(
    'lab %s exits 2 with one sentence saying no lab has that name and why Docker was not searched',
    async (...argv) => {
      const error = await failureOf(argv);
      expect(error).toMatchObject({ code: 'LAB_FAILED' });
      expect(exitCodeFor(error)).toBe(2);
      const message = (error as Error).message;
      expect(sentencesOf(message)).toEqual([message]);
      expect(message).toMatch(
        /^no lab named mh-typo: no netns lab has that name, and the Docker labs could not be searched \(no engine answers: .*\/nonexistent\/multihome-test\/docker\.sock\); see `multihome lab ls`$/,
      );
    },
  );
});

describe('multihome lab down --runtime', () => {
  // Only the runtime named is searched: a name both runtimes have (after a race) can then be removed.
  it('searches only the netns labs with --runtime netns, so it says nothing of Docker', async () => {
    const error = await failureOf(['down', 'mh-typo', '--runtime', 'netns']);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as Error).message).toBe(
      'no lab named mh-typo: no netns lab has that name; see `multihome lab ls`',
    );
  });
});
