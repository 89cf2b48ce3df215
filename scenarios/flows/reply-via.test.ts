import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../lab/index.js';
import { replyVia } from './reply-via.js';

const evidence = (gateways: Evidence['gateways'], carriedBy: string[] = []): Evidence => ({
  gateways,
  carriedBy,
});

describe('replyVia', () => {
  it('names the gateway that forwarded the reply', () => {
    const seen = evidence([
      { isp: 'isp1', fromRouter: {}, spoofedDropped: 0 },
      { isp: 'isp2', fromRouter: { '192.0.2.10': 1 }, spoofedDropped: 0 },
    ]);
    expect(replyVia(seen)).toBe('isp2');
  });

  it('names the gateway that dropped the reply as spoofed (the bug)', () => {
    const seen = evidence([
      { isp: 'isp1', fromRouter: {}, spoofedDropped: 2 },
      { isp: 'isp2', fromRouter: {}, spoofedDropped: 0 },
    ]);
    expect(replyVia(seen)).toBe('isp1');
  });

  it('joins several gateways so the result never equals one uplink', () => {
    const seen = evidence(
      [
        { isp: 'isp3', fromRouter: { '203.0.113.10': 1 }, spoofedDropped: 0 },
        { isp: 'isp1', fromRouter: {}, spoofedDropped: 1 },
      ],
      ['isp3'],
    );
    expect(replyVia(seen)).toBe('isp1+isp3');
  });

  it('is null when no gateway saw anything from the router', () => {
    expect(
      replyVia(evidence([{ isp: 'isp1', fromRouter: { '198.51.100.10': 0 }, spoofedDropped: 0 }])),
    ).toBeNull();
  });
});
