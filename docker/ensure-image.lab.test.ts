import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDocker } from './connect-docker.js';
import { parsePackages } from './dockerfile-recipe.js';
import { ensureLabImage } from './ensure-image.js';
import { dockerDir, labImageTag } from './image-inputs.js';

// One command per package of packages.txt that proves its tool runs in the image.
const CHECKS: Record<string, { argv: string[]; says: RegExp }> = {
  iproute2: { argv: ['ip', '-V'], says: /iproute2/ },
  nftables: { argv: ['nft', '--version'], says: /nftables v/ },
  iptables: { argv: ['iptables', '--version'], says: /iptables v/ },
  tcpdump: { argv: ['tcpdump', '--version'], says: /tcpdump version/ },
  'iputils-ping': { argv: ['ping', '-V'], says: /iputils/ },
  socat: { argv: ['socat', '-V'], says: /socat version/ },
  conntrack: { argv: ['conntrack', '--version'], says: /conntrack v/ },
  procps: { argv: ['ps', '--version'], says: /procps/ },
  'netcat-openbsd': { argv: ['nc', '-h'], says: /OpenBSD netcat/ },
  ethtool: { argv: ['ethtool', '--version'], says: /ethtool version/ },
  'dnsmasq-base': { argv: ['dnsmasq', '--version'], says: /Dnsmasq version/ },
  'isc-dhcp-client': { argv: ['dhclient', '--version'], says: /isc-dhclient/ },
};

describe('the lab node image', () => {
  let docker: Docker;
  let container: Docker.Container;

  beforeAll(async () => {
    docker = await connectDocker();
  });
  afterAll(async () => {
    await container?.remove({ force: true });
  });

  it('exists under the tag of the current inputs, which the global setup provided', async () => {
    const image = await ensureLabImage({ docker });
    expect(image.tag).toBe(await labImageTag());
    expect(inject('labImage')).toBe(image.tag);
    const info = await docker.getImage(image.tag).inspect();
    expect(info.Id).toBe(image.id);
    expect(info.Config.Cmd).toEqual(['sleep', 'infinity']);
    expect(info.Config.Labels?.['multihome.image.source']).toMatch(/^(dockerfile|offline)$/);
  });

  it('is not rebuilt by a second call', async () => {
    const first = await ensureLabImage({ docker });
    const second = await ensureLabImage({ docker });
    expect(second).toMatchObject({ tag: first.tag, id: first.id, source: 'cached' });
  });

  it('runs every tool of packages.txt', async () => {
    const packages = parsePackages(await readFile(join(dockerDir(), 'packages.txt'), 'utf8'));
    expect(Object.keys(CHECKS).sort()).toEqual([...packages].sort());
    container = await docker.createContainer({
      Image: await labImageTag(),
      Labels: { 'multihome.lab': 'image-test' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    for (const name of packages) {
      const check = CHECKS[name];
      if (!check) throw new Error(`no check for package ${name}`);
      const { exitCode, output } = await exec(container, check.argv);
      expect({ name, exitCode, output }).toMatchObject({ name, output: expect.stringMatching(check.says) });
      expect(exitCode, `${check.argv.join(' ')}: ${output}`).toBe(0);
    }
  });
});

describe('a build from scratch', () => {
  const repository = `multihome-lab-test-${randomBytes(4).toString('hex')}`;
  let docker: Docker;

  beforeAll(async () => {
    docker = await connectDocker();
  });
  afterAll(async () => {
    const images = await docker.listImages({ filters: JSON.stringify({ reference: [`${repository}:*`] }) });
    for (const image of images) await docker.getImage(image.Id).remove({ force: true });
  });

  it('happens once when two callers race, and both get the same image', async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const [a, b] = await Promise.all([
      ensureLabImage({ docker, repository, log }),
      ensureLabImage({ docker, repository, log }),
    ]);
    console.log(`scratch build: ${lines.filter((line) => / built by | failed /.test(line)).join('; ')}`);
    expect([a.source, b.source].filter((source) => source === 'cached')).toHaveLength(1);
    expect(a.id).toBe(b.id);
    expect(a.tag).toBe(`${repository}:${(await labImageTag()).split(':')[1]}`);
    const info = await docker.getImage(a.tag).inspect();
    expect(info.Config.Cmd).toEqual(['sleep', 'infinity']);
    expect(info.Config.Labels?.['multihome.image.source']).toBe(a.source === 'cached' ? b.source : a.source);
    const leftovers = await docker.listImages({
      filters: JSON.stringify({ reference: [`${repository}:*-build-*`] }),
    });
    expect(leftovers).toEqual([]);
  });
});

async function exec(
  container: Docker.Container,
  argv: string[],
): Promise<{ exitCode: number; output: string }> {
  const run = await container.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await run.start({ Tty: true });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const info = await run.inspect();
  return { exitCode: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') };
}
