import { describe, expect, it } from 'vitest';
import { planSetup, unfixable } from '../setup/setup-plan.js';
import { engineMissing } from './lab-checks.js';

const denied = Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' });
const refused = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });

describe('an engine that does not answer', () => {
  it('with permission denied is a matter of access: setup starts nothing and names the docker group', () => {
    const access = engineMissing(denied, 'unix:///var/run/docker.sock', true);
    expect(access).toMatchObject({
      id: 'docker.access',
      detail: 'permission denied at unix:///var/run/docker.sock',
    });
    expect(planSetup([access], { runtimes: ['docker'] })).toEqual([]);
    expect(unfixable([access], { runtimes: ['docker'] })[0]?.fix).toMatch(/usermod -aG docker/);
  });

  it('with no engine there is started by setup, and installed first when dockerd is missing', () => {
    expect(planSetup([engineMissing(refused, 'unix:///x', true)], { runtimes: ['docker'] })).toEqual([
      { kind: 'start-dockerd' },
    ]);
    expect(planSetup([engineMissing(refused, 'unix:///x', false)], { runtimes: ['docker'] })).toEqual([
      { kind: 'apt-install', packages: ['docker.io'] },
      { kind: 'start-dockerd' },
    ]);
  });
});
