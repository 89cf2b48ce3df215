import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MultihomeError } from '../applier/errors.js';
import { sentencesOf } from '../applier/test-support/sentences.js';
import { tempDirs } from '../applier/test-support/temp-dirs.js';
import { Lab } from './lab.js';
import { fakeEngine, silentEngine } from './test-support/fake-engine.js';
import { defaultTopology } from './topology/default-topology.js';

describe('Lab.up argument checks (before any Docker call)', () => {
  it('rejects a lab name Docker could not use as a user error', async () => {
    const error = await Lab.up(defaultTopology(), { name: 'no spaces/please' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultihomeError);
    expect((error as MultihomeError).source).toBe('user');
    expect((error as MultihomeError).message).toMatch(/lab name/);
  });

  it('rejects a runtime it does not know as a user error', async () => {
    const runtime = 'vm' as unknown as 'netns';
    const error = await Lab.up(defaultTopology(), { runtime }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultihomeError);
    expect((error as MultihomeError).source).toBe('user');
    expect((error as MultihomeError).message).toMatch(/runtime "vm": use docker or netns/);
  });
});

describe('Lab.attach of a name no lab has', () => {
  const tempDir = tempDirs('mh-attach-');
  const name = `mh-typo-${process.pid}`;

  async function refusal(docker: Parameters<typeof Lab.attach>[1]): Promise<string> {
    const error = await Lab.attach(name, docker).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LAB_FAILED', source: 'user' });
    const message = (error as Error).message;
    expect(sentencesOf(message)).toEqual([message]);
    return message;
  }

  // A mistyped name on a host without Docker: the error is the name, not the missing engine.
  it('names the lab, the netns labs searched and why Docker could not be, when no engine answers', async () => {
    const message = await refusal({ docker: silentEngine(tempDir()) });
    expect(message).toMatch(
      /^no lab named mh-typo-\d+: no netns lab has that name, and the Docker labs could not be searched \(no engine answers: connect ENOENT \S+no-engine\.sock\); see `multihome lab ls`$/,
    );
  });

  it('names the lab and both runtimes searched when an engine answers without it', async () => {
    const engine = await fakeEngine(join(tempDir(), 'docker.sock'));
    try {
      expect(await refusal({ docker: engine.docker })).toBe(
        `no lab named ${name}: neither the netns labs nor the Docker labs have that name; see \`multihome lab ls\``,
      );
    } finally {
      await engine.close();
    }
  });
});
