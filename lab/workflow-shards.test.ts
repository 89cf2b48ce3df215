import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Step = { name?: string; run?: string };
type Workflow = { jobs: { lab: { strategy: { matrix: { shard: number[] } }; steps: Step[] } } };

// The lab workflow spreads the suite over runners with `vitest --shard`; the shards must cover every
// test file exactly once, or a sharded CI would pass with files never run.
describe('.github/workflows/lab.yml', () => {
  const workflow = parse(readFileSync('.github/workflows/lab.yml', 'utf8')) as Workflow;
  const shards = workflow.jobs.lab.strategy.matrix.shard;

  it('runs the test step as one shard of the matrix per runner', () => {
    expect(shards.length).toBeGreaterThan(1);
    expect(shards).toEqual(shards.map((_, index) => index + 1));
    const test = workflow.jobs.lab.steps.find((step) => step.run?.includes('npm test'));
    // GitHub's expression syntax, not a JS template: `${{ matrix.shard }}`.
    expect(test?.run).toContain(['--shard=$', '{{ matrix.shard }}/$', '{{ strategy.job-total }}'].join(''));
  });

  it('gives every test file to exactly one shard', async () => {
    const list = async (args: string[]) => {
      const result = await execa('npx', ['vitest', 'list', '--project', 'unit', '--filesOnly', ...args]);
      return result.stdout.split('\n').filter((line) => line.trim() !== '');
    };
    const all = await list([]);
    const parts = await Promise.all(shards.map((shard) => list([`--shard=${shard}/${shards.length}`])));
    expect(all.length).toBeGreaterThan(shards.length);
    expect(parts.every((part) => part.length > 0)).toBe(true);
    expect(parts.flat().sort()).toEqual([...all].sort());
  }, 60_000);
});
