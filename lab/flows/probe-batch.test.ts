import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { batchScript, killProbes, parseBatch } from './probe-batch.js';

const run = promisify(execFile);

// The batch is plain sh: run it here with stand-in probes.
describe('probe batches', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("runs every probe at once and reports each one's exit code and output (quoted as given)", async () => {
    const parent = await mkdtemp(join(tmpdir(), 'mh-batch-'));
    dirs.push(parent);
    const dir = join(parent, 'flows');
    const script = batchScript(dir, [
      { tag: 101, argv: ['sh', '-c', "printf '%s\\n' 'it''s me'"] },
      { tag: 102, argv: ['sh', '-c', 'echo oops >&2; exit 3'] },
    ]);
    const { stdout } = await run('sh', ['-c', script]);
    expect(parseBatch(stdout)).toEqual([
      { tag: 101, exitCode: 0, stdout: 'its me\n' },
      { tag: 102, exitCode: 3, stdout: 'oops\n' },
    ]);
  });

  it('stops a killed probe with its children, long before its own end', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'mh-batch-'));
    dirs.push(parent);
    const dir = join(parent, 'flows');
    const started = Date.now();
    const batch = run('sh', ['-c', batchScript(dir, [{ tag: 7, argv: ['sh', '-c', 'sleep 30 | cat'] }])]);
    await new Promise((done) => setTimeout(done, 300));
    await run('sh', ['-c', killProbes(dir, [7])]);
    const { stdout } = await batch;
    expect(parseBatch(stdout)).toEqual([expect.objectContaining({ tag: 7, exitCode: 143 })]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
