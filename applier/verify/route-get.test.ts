import { describe, expect, it } from 'vitest';
import { parseRouteGet, routeGetArgv } from './route-get.js';

describe('route get', () => {
  it('reads gateway and device from ip -j route get', () => {
    const stdout =
      '[{"dst":"1.1.1.1","gateway":"10.201.1.2","dev":"eth0","prefsrc":"10.201.1.20","flags":[],"uid":0,"cache":[]}]\n';
    expect(parseRouteGet(stdout)).toEqual({ gateway: '10.201.1.2', dev: 'eth0' });
  });

  it('reports no gateway for an on-link answer and nothing for garbage', () => {
    expect(parseRouteGet('[{"dst":"10.0.0.5","dev":"eth2"}]')).toEqual({ gateway: null, dev: 'eth2' });
    expect(parseRouteGet('not json')).toEqual({ gateway: null, dev: null });
  });

  it('asks per family with a selector', () => {
    expect(routeGetArgv(6, '2606:4700::1111', ['mark', '0x2'])).toEqual([
      'ip',
      '-j',
      '-6',
      'route',
      'get',
      '2606:4700::1111',
      'mark',
      '0x2',
    ]);
  });
});
