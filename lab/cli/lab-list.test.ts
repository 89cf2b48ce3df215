import { describe, expect, it } from 'vitest';
import type { LabSummary } from '../lab-types.js';
import { renderLabList } from './lab-list.js';

const lab = (name: string, runtime: LabSummary['runtime'], running: number): LabSummary => ({
  name,
  runtime,
  topology: 'article',
  nodes: ['router', 'isp:isp1', 'client:client1'],
  running,
  created: new Date('2026-12-04T20:49:00.000Z'),
});

describe('lab ls', () => {
  it('prints a header row, then one aligned row per lab', () => {
    expect(
      renderLabList([lab('article-1a2b3c', 'netns', 3), lab('site-9f', 'docker', 2)]).split('\n'),
    ).toEqual([
      'name            runtime  topology  running  created',
      'article-1a2b3c  netns    article   3/3      2026-12-04T20:49:00.000Z',
      'site-9f         docker   article   2/3      2026-12-04T20:49:00.000Z',
    ]);
  });

  it('says so when there is none', () => {
    expect(renderLabList([])).toBe('no labs');
  });
});
