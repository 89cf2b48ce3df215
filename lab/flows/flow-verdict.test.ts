import { describe, expect, it } from 'vitest';
import type { Flow } from './flow.js';
import { bugShown, demoPassed } from './flow-verdict.js';

const flow = (uplink: string, ok: boolean, replyVia: string | null): Flow => ({
  uplink,
  protocol: 'tcp',
  family: 'ipv4',
  ok,
  replyVia,
});

describe('demo verdict', () => {
  const before = [flow('isp1', true, 'isp1'), flow('isp2', false, 'isp1')];
  const right = [flow('isp1', true, 'isp1'), flow('isp2', true, 'isp2')];

  it('passes only when the bug showed before and every flow is right after', () => {
    expect(demoPassed(before, right)).toBe(true);
  });

  it('fails when the bug did not show before the fix', () => {
    expect(bugShown(right)).toBe(false);
    expect(demoPassed(right, right)).toBe(false);
  });

  it('fails when a flow answered but through another gateway, or with no gateway seen', () => {
    expect(demoPassed(before, [flow('isp1', true, 'isp1'), flow('isp2', true, 'isp1')])).toBe(false);
    expect(demoPassed(before, [flow('isp1', true, 'isp1'), flow('isp2', true, null)])).toBe(false);
    expect(demoPassed(before, [flow('isp1', true, 'isp1'), flow('isp2', false, 'isp2')])).toBe(false);
    expect(demoPassed(before, [])).toBe(false);
  });

  it('does not count a silent failure (no reply at any gateway) as the bug', () => {
    expect(bugShown([flow('isp2', false, null)])).toBe(false);
  });
});
