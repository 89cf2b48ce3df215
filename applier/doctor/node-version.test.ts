import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { binArgv } from '../cli/test-support/run-cli.js';
import { nodeVersionProblem } from './node-version.js';

const run = promisify(execFile);

describe('the Node version check', () => {
  it('names the version found and how to get a newer one below 22, and nothing from 22 on', () => {
    expect(nodeVersionProblem('v20.20.2')).toMatch(
      /needs Node\.js 22 or newer but found v20\.20\.2: install .*nvm install 24/,
    );
    expect(nodeVersionProblem('18.0.0')).toMatch(/found v18\.0\.0/);
    expect(nodeVersionProblem('v22.0.0')).toBeUndefined();
    expect(nodeVersionProblem('v24.22.3')).toBeUndefined();
  });

  it('stops the bin with exit 2 and one sentence before the CLI loads, on a Node that says it is 20', async () => {
    // The CLI's own modules would throw on import here: the check must run before any of them loads.
    const old = "Object.defineProperty(process, 'version', { value: 'v20.1.0' })";
    const [node = process.execPath, ...bin] = binArgv(['demo']);
    const failed = await run(node, ['--import', `data:text/javascript,${encodeURIComponent(old)}`, ...bin], {
      encoding: 'utf8',
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^multihome needs Node\.js 22 .*found v20\.1\.0/),
    ]);
  });
});
