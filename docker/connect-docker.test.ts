import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { MultihomeError } from '../applier/errors.js';
import { connectDocker } from './connect-docker.js';

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
