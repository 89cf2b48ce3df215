import { describe, expect, it } from 'vitest';
import type { CheckItem } from '../../applier/doctor/check-item.js';
import { planSetup, stepCommand, unfixable } from './setup-plan.js';

const item = (id: string, ok: boolean, neededBy: CheckItem['neededBy'], packages?: string[]): CheckItem => ({
  id,
  title: id,
  ok,
  detail: ok ? 'found' : 'missing',
  neededBy,
  ...(packages ? { packages } : {}),
});

const bare: CheckItem[] = [
  item('node', true, ['applier', 'docker', 'netns']),
  item('privileges', true, ['applier', 'netns']),
  item('nft', false, ['applier', 'netns'], ['nftables']),
  item('kernel.ipv6', false, ['applier', 'docker', 'netns']),
  item('docker.engine', false, ['docker'], ['docker.io']),
  item('docker.image', false, []),
  item('tool.socat', false, ['netns'], ['socat']),
  item('kernel.netem', false, []),
  item('tool.debootstrap', false, [], ['debootstrap']),
];

describe('planSetup', () => {
  it('for docker: installs the engine (and debootstrap, the image must be built), starts it, builds the image', () => {
    expect(planSetup(bare, { runtimes: ['docker'] })).toEqual([
      { kind: 'apt-install', packages: ['debootstrap', 'docker.io'] },
      { kind: 'start-dockerd' },
      { kind: 'build-image' },
    ]);
  });

  it('for netns: only the packages of what netns needs, never advisory items', () => {
    expect(planSetup(bare, { runtimes: ['netns'] })).toEqual([
      { kind: 'apt-install', packages: ['nftables', 'socat'] },
    ]);
  });

  it('starts an installed engine without installing it, and adds the test tools when asked', () => {
    const installed = bare.map((found) =>
      found.id === 'docker.engine' ? item('docker.engine', false, ['docker']) : found,
    );
    const steps = planSetup(installed, { runtimes: ['docker'], tests: true }, ['chromium']);
    expect(steps).toEqual([
      { kind: 'apt-install', packages: ['chromium', 'debootstrap'] },
      { kind: 'start-dockerd' },
      { kind: 'build-image' },
    ]);
    expect(steps.map(stepCommand)[1]).toBe('setsid dockerd >>/var/log/dockerd.log 2>&1 </dev/null &');
  });

  it('plans nothing when every needed item is there; names what no package fixes', () => {
    const ready = bare.map((found) =>
      found.neededBy.length > 0 && found.id !== 'kernel.ipv6' ? { ...found, ok: true } : found,
    );
    expect(planSetup(ready, { runtimes: ['docker', 'netns'] }).map((s) => s.kind)).toEqual([
      'apt-install',
      'build-image',
    ]);
    expect(unfixable(bare, { runtimes: ['docker', 'netns'] }).map((found) => found.id)).toEqual([
      'kernel.ipv6',
    ]);
  });
});
