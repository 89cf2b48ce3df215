import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../applier/test-support/temp-dirs.js';
import { pollUntil } from '../../applier/watch/test-support/poll.js';
import { captureLaunch } from './capture.js';

const tempDir = tempDirs('mh-capture-');

describe('the capture launch line', () => {
  // A netns node writes into the host's artifacts directory: whatever path the caller or cwd gave.
  it('passes an artifacts path with a space and a quote to tcpdump as one -w argument, running nothing else', async () => {
    const dir = tempDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    // A stand-in tcpdump that records its arguments, one a line.
    await writeFile(join(bin, 'tcpdump'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${dir}/argv'\n`);
    await chmod(join(bin, 'tcpdump'), 0o755);
    const artifacts = "/home/me/My Projects/it's'; touch pwned; '";
    // The node's /run is the test's directory here, so the line writes nothing on the host's /run.
    const line = captureLaunch('eth1', 'isp-isp1.pcap', artifacts).replaceAll('/run/', `${dir}/`);
    await promisify(execFile)('sh', ['-c', line], {
      cwd: dir,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    await pollUntil('the stand-in tcpdump', () => existsSync(join(dir, 'argv')));
    const argv = (await readFile(join(dir, 'argv'), 'utf8')).split('\n').slice(0, -1);
    expect(argv).toEqual(['-n', '-U', '-Z', 'root', '-i', 'eth1', '-w', `${artifacts}/isp-isp1.pcap`]);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(await readFile(join(dir, 'mh-capture.pid'), 'utf8')).toMatch(/^\d+\n$/);
  });
});
