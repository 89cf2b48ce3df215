import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeHost, fakeHost } from '../../applier/doctor/test-support/fake-host.js';
import { sentencesOf } from '../../applier/test-support/sentences.js';
import { fakeEngine, silentEngine } from '../test-support/fake-engine.js';
import { chooseRuntime } from './choose-runtime.js';
import { canRun, doctorItems } from './doctor.js';

let host: FakeHost;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await host.remove();
});

async function engine(host: FakeHost, images = true) {
  const fake = await fakeEngine(join(host.dir, 'docker.sock'), { images });
  closers.push(fake.close);
  return fake.docker;
}

describe('the runtime chooser without items', () => {
  it('takes Docker from the engine check alone when an engine answers, and checks everything otherwise', async () => {
    host = await fakeHost();
    const fast = await chooseRuntime(undefined, undefined, { ...host.context(), docker: await engine(host) });
    expect(fast).toMatchObject({ runtime: 'docker', items: [{ id: 'docker.engine', ok: true }] });
    const slow = await chooseRuntime(undefined, undefined, {
      ...host.context(),
      docker: silentEngine(host.dir),
    });
    expect(slow.runtime).toBe('netns');
    expect(slow.items.map((i) => i.id)).toContain('tool.socat');
  });
});

describe('doctor items and the runtime chooser', () => {
  it('report the engine with its version and the image, and choose Docker where an engine answers', async () => {
    host = await fakeHost();
    const items = await doctorItems({ ...host.context(), docker: await engine(host) });
    const found = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(found['docker.engine']).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^Docker 20\.10\.24-fake \(API 1\.41\)/),
    });
    expect(found['docker.image']).toMatchObject({ ok: true });
    expect(canRun(items, 'docker')).toBe(true);
    expect((await chooseRuntime(undefined, items)).runtime).toBe('docker');
  });

  it('choose netns when no engine answers but root and the netns tools are there', async () => {
    host = await fakeHost();
    const items = await doctorItems({ ...host.context(), docker: silentEngine(host.dir) });
    expect(items.find((i) => i.id === 'docker.engine')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/dockerd is not installed$/),
      packages: ['docker.io'],
    });
    expect((await chooseRuntime(undefined, items)).runtime).toBe('netns');
  });

  it('refuse with one sentence naming what is missing and the command that helps (exit 2)', async () => {
    host = await fakeHost();
    await rm(join(host.bin, 'socat'));
    const items = await doctorItems({ ...host.context(), docker: silentEngine(host.dir) });
    const refused = await chooseRuntime(undefined, items).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'RUNTIME_UNAVAILABLE', source: 'user' });
    const message = (refused as Error).message;
    expect(sentencesOf(message)).toEqual([message]);
    expect(message).toMatch(/^No lab runtime can run here: .*[^.]\.$/);
    expect(message).toMatch(/the docker runtime needs Docker engine answering \(no engine answers/);
    expect(message).toMatch(/the netns runtime needs socat \(TCP services\) \(no `socat` on PATH\)/);
    expect(message).toMatch(/; run `multihome setup` to provision it, or `multihome doctor`/);
  });

  it('refuse a requested runtime that cannot run even when the other could', async () => {
    host = await fakeHost();
    await host.file('proc/self/status', 'CapEff:\t0000000000000000\n');
    const items = await doctorItems({ ...host.context(1000), docker: await engine(host) });
    const refused = await chooseRuntime('netns', items).catch((error: Error) => error.message);
    // Setup cannot make a user root: the advice is the one that helps.
    expect(refused).toBe(
      'The netns lab runtime cannot run here: it needs root or CAP_NET_ADMIN (uid 1000 without CAP_NET_ADMIN); run it as root (sudo multihome …), or `multihome doctor` to see every check.',
    );
    expect(sentencesOf(refused as string)).toEqual([refused]);
    expect((await chooseRuntime('docker', items)).runtime).toBe('docker');
  });

  it('send a user without root to `sudo multihome setup` for a tool, and on to root for the rest', async () => {
    host = await fakeHost();
    await rm(join(host.bin, 'socat'));
    await host.file('proc/self/status', 'CapEff:\t0000000000000000\n');
    const items = await doctorItems({ ...host.context(1000), docker: silentEngine(host.dir) });
    const refused = await chooseRuntime('netns', items, { ...host.context(1000) }).catch(
      (error: Error) => error.message,
    );
    expect(refused).toMatch(
      /; run `sudo multihome setup --runtime netns` to provision socat \(TCP services\), then run it as root \(sudo multihome …\), or `multihome doctor` to see every check\.$/,
    );
    expect(sentencesOf(refused as string)).toEqual([refused]);
  });

  it('do not block a runtime on advisory items (netem, multipath, the image)', async () => {
    host = await fakeHost();
    const items = await doctorItems({ ...host.context(), docker: await engine(host, false) });
    const advisory = items.filter((i) => !i.ok);
    expect(advisory.map((i) => i.id).sort()).toEqual(['docker.image', 'kernel.netem']);
    expect(canRun(items, 'docker') && canRun(items, 'netns')).toBe(true);
  });
});
