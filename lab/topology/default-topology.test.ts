import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTopology } from './default-topology.js';
import { parseTopology } from './load-topology.js';

const articleYaml = new URL('./examples/article.yaml', import.meta.url);

describe('defaultTopology', () => {
  it('equals examples/article.yaml', () => {
    const parsed = parseTopology(readFileSync(articleYaml, 'utf8'), 'article.yaml');
    expect(parsed).toEqual(defaultTopology());
  });

  it('has the article layout: isp1 and isp2 on eth0 (isp2 as eth0:0), isp3 on eth1', () => {
    const topology = defaultTopology();
    expect(topology.isps.map((isp) => [isp.name, isp.segment, isp.routerInterface, isp.routerLabel])).toEqual(
      [
        ['isp1', 'wan0', 'eth0', undefined],
        ['isp2', 'wan0', 'eth0', 'eth0:0'],
        ['isp3', 'wan1', 'eth1', undefined],
      ],
    );
    expect(topology.defaultIsp).toBe('isp1');
  });
});
