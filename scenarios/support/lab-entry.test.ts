import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabError } from '../../lab/index.js';
import { SCENARIO_RUNTIME_ENV, scenarioRuntime } from './lab-entry.js';

describe('the scenarios’ runtime', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is the one the environment names, Docker when it names none', () => {
    vi.stubEnv(SCENARIO_RUNTIME_ENV, 'netns');
    expect(scenarioRuntime()).toBe('netns');
    vi.stubEnv(SCENARIO_RUNTIME_ENV, undefined);
    expect(scenarioRuntime()).toBe('docker');
  });

  it('refuses a runtime there is none of as the user’s mistake, a LabError with USAGE', () => {
    vi.stubEnv(SCENARIO_RUNTIME_ENV, 'qemu');
    const failure = (() => {
      try {
        return scenarioRuntime();
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(LabError);
    expect(failure).toMatchObject({ code: 'USAGE', source: 'user' });
    expect((failure as Error).message).toBe('MULTIHOME_LAB_RUNTIME=qemu: use docker or netns');
  });
});
