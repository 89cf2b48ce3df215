import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../applier/errors.js';
import { topology } from './builder.js';
import { defaultTopology } from './default-topology.js';
import { minimalIsp } from './fixtures/minimal-isp.js';

const isp1 = minimalIsp;

describe('topology builder', () => {
  it('rebuilds the default topology', () => {
    const article = defaultTopology();
    let builder = topology(article.name)
      .internet(article.internet?.prefixes ?? [])
      .defaultIsp(article.defaultIsp);
    for (const isp of article.isps) builder = builder.isp(isp);
    for (const client of article.clients) builder = builder.client(client);
    if (article.lan) builder = builder.lan(article.lan);
    expect(builder.build()).toEqual(article);
  });

  it('defaults bcp38 to true, forwards to none and the default ISP to the first', () => {
    const built = topology('t')
      .isp(isp1)
      .client({ name: 'c', addresses: ['100.64.0.101'] })
      .lan({
        routerInterface: 'eth2',
        routerAddresses: ['10.10.0.1/24'],
        hosts: [{ name: 'h', addresses: ['10.10.0.2'] }],
      })
      .build();
    expect(built.defaultIsp).toBe('isp1');
    expect(built.isps[0]?.bcp38).toBe(true);
    expect(built.lan?.hosts[0]?.forwards).toEqual([]);
  });

  it('throws the loader’s ConfigError, all issues, without lines', () => {
    const build = () =>
      topology('t')
        .isp({ ...isp1, gateways: ['192.0.2.1'] })
        .isp(isp1)
        .client({ name: 'c', addresses: ['100.64.0.101'] })
        .defaultIsp('nope')
        .build();
    expect(build).toThrow(ConfigError);
    try {
      build();
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect((error as ConfigError).code).toBe('TOPOLOGY_INVALID');
      expect(issues.map((issue) => issue.path.join('.'))).toEqual([
        'isps.1.name',
        'defaultIsp',
        'isps.0.gateways.0',
        'isps.1.prefixes.0',
      ]);
      expect(issues.every((issue) => issue.line === undefined)).toBe(true);
    }
  });

  it('words schema problems as the config file does, not in zod’s terms', () => {
    const build = () => topology('t').isp(isp1).build();
    expect(build).toThrow(/✖ clients must have at least 1 entry → at clients/);
  });
});
