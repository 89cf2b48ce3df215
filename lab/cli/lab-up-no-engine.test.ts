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

describe('multihome lab up where no engine answers', () => {
  // --runtime docker: left to the default choice, a root host without an engine would get a netns lab.
  it('exits 2 with one sentence naming what is missing and the setup and doctor commands', async () => {
    process.env.DOCKER_HOST = 'unix:///nonexistent/multihome-test/docker.sock';
    const program = new Command('multihome').exitOverride();
    registerLabCommands(program, { out: () => {}, err: () => {} });
    const error = await program
      .parseAsync(['lab', 'up', '--runtime', 'docker', '--name', 'never-made'], { from: 'user' })
      .catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    const message = (error as Error).message;
    expect(sentencesOf(message)).toEqual([message]);
    expect(message).toMatch(
      /^The docker lab runtime cannot run here: .*no engine answers at unix:\/\/\/nonexistent.*; run `multihome setup --runtime docker`.*`multihome doctor`[^.]*[^.]\.$/,
    );
  });
});
