import Docker from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MultihomeError } from '../applier/errors.js';
import { connectDocker, noEngineSocket } from './connect-docker.js';

describe('connectDocker', () => {
  it('turns an engine that does not answer into DOCKER_UNAVAILABLE (exit 2) with the setup and doctor commands', async () => {
    const docker = new Docker({ socketPath: '/nonexistent/multihome-test/docker.sock' });
    const error = await connectDocker({ docker }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MultihomeError);
    expect(error).toMatchObject({ code: 'DOCKER_UNAVAILABLE', source: 'user' });
    expect((error as Error).message).toMatch(/ENOENT/);
    expect((error as Error).message).toMatch(/run `multihome setup --runtime docker` .*`multihome doctor`/);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});

describe('noEngineSocket', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("knows without dockerode that no engine answers where DOCKER_HOST is unset and dockerode's socket is missing", () => {
    vi.stubEnv('DOCKER_HOST', undefined);
    const missing = noEngineSocket('/nonexistent/multihome-test/docker.sock');
    expect(missing).toMatchObject({
      code: 'ENOENT',
      message: 'connect ENOENT /nonexistent/multihome-test/docker.sock',
    });
    expect(noEngineSocket(import.meta.filename)).toBeUndefined();
  });

  it('leaves DOCKER_HOST to dockerode: any address there may answer', () => {
    vi.stubEnv('DOCKER_HOST', 'tcp://127.0.0.1:1');
    expect(noEngineSocket('/nonexistent/multihome-test/docker.sock')).toBeUndefined();
  });
});
