import { describe, expect, it } from 'vitest';
import { MultihomeError } from '../applier/errors.js';
import { Lab } from './lab.js';
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
