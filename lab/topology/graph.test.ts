import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultTopology } from './default-topology.js';
import { applierConfigFor, asciiDiagram, mermaid } from './graph.js';

const article = defaultTopology();

describe('mermaid', () => {
  const text = mermaid(article);

  it('draws clients — internet — gateways — segments — router — LAN hosts', () => {
    expect(text.startsWith('graph LR\n')).toBe(true);
    expect(text).toContain('  client_client1 --- internet');
    expect(text).toContain('  internet --- isp_isp2');
    expect(text).toContain('  isp_isp2 --- segment_wan0');
    expect(text).toContain(
      '  segment_wan0 ---|"eth0: 198.51.100.10/24, 2001:db8:1::10/64, eth0:0 192.0.2.10/24, 2001:db8:2::10/64"| router',
    );
    expect(text).toContain('  router ---|"eth2: 10.10.0.1/24, fd10:10::1/64"| segment_lan');
    expect(text).toContain('  segment_lan --- lan_server');
  });

  it('writes node labels as text Mermaid shows verbatim (no URL encoding)', () => {
    expect(text).toContain('client_client1["client client1<br/>100.64.0.101<br/>2001:db8:ff::101"]');
    expect(text).not.toMatch(/%[0-9A-F]{2}/);
  });

  it('declares every node it links', () => {
    const declared = new Set([...text.matchAll(/^ {2}(\w+)[[({]/gm)].map((match) => match[1]));
    const linked = [...text.matchAll(/^ {2}(\w+) ---(?:\|"[^"]*"\|)? (\w+)$/gm)].flatMap((match) => [
      match[1],
      match[2],
    ]);
    expect(linked.length).toBeGreaterThan(0);
    for (const node of linked) expect(declared, node).toContain(node);
  });
});

describe('asciiDiagram', () => {
  it('lists gateways, router interfaces with their addresses and the LAN', () => {
    const text = asciiDiagram(article);
    expect(text).toContain(
      '├─ isp2 gateway  100.64.0.2, 2001:db8:ff::2  ⇄  192.0.2.1, 2001:db8:2::1 on wan0  (BCP38)',
    );
    expect(text).toContain('192.0.2.10/24 as eth0:0 [isp2]');
    expect(text).toContain('└─ eth2 (lan)  10.10.0.1/24, fd10:10::1/64');
    expect(text).toContain('└─ server  10.10.0.10, fd10:10::10  (forwarded: tcp 8080→80)');
  });
});

describe('applierConfigFor', () => {
  it('makes one uplink per ISP and family, one default per family, and the LAN', () => {
    const config = parse(applierConfigFor(article));
    expect(config.uplinks).toHaveLength(6);
    expect(config.uplinks[2]).toEqual({
      name: 'isp2',
      interface: 'eth0',
      label: 'eth0:0',
      address: '192.0.2.10/24',
      gateway: '192.0.2.1',
    });
    expect(config.uplinks[3]).toEqual({
      name: 'isp2-v6',
      interface: 'eth0',
      address: '2001:db8:2::10/64',
      gateway: '2001:db8:2::1',
    });
    expect(config.default).toEqual(['isp1', 'isp1-v6']);
    expect(config.lan).toEqual(['eth2']);
  });

  it('restricts to one family and drops the LAN on request', () => {
    const config = parse(applierConfigFor(article, { families: [4], lan: false }));
    expect(config.uplinks.map((uplink: { name: string }) => uplink.name)).toEqual(['isp1', 'isp2', 'isp3']);
    expect(config.default).toBe('isp1');
    expect(config).not.toHaveProperty('lan');
  });
});
