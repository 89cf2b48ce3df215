import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { MultihomeError } from '../applier/errors.js';
import { isAlive } from '../applier/process-alive.js';
import { LabError } from '../lab/errors.js';
import { findDebianMirror, readAptSources } from './apt-mirror.js';
import type { BuildTarget } from './build-target.js';
import { parseDockerfile, parsePackages } from './dockerfile-recipe.js';
import { followProgress } from './follow-progress.js';

/** Options of {@link buildOffline}. */
export type OfflineBuildOptions = BuildTarget & {
  /** debootstrap's package cache, kept between builds and outside the clone. */
  readonly cacheDir: string;
  /** Where the temporary root filesystem is made; must allow device nodes and exec. */
  readonly workDir: string;
};

// debootstrap prints a line per package and step; these are progress, not news.
const CHATTER =
  /^I: (Retrieving|Validating|Extracting|Unpacking|Configuring|Installing|Chosen|Resolving|Found)/;

/**
 * The registry-free path: debootstrap a minbase root filesystem of the Dockerfile's suite with
 * packages.txt, from the mirror in this machine's apt sources; slim it; `docker import` it.
 */
export async function buildOffline(docker: Docker, options: OfflineBuildOptions): Promise<void> {
  const recipe = parseDockerfile(await readFile(join(options.dir, 'Dockerfile'), 'utf8'));
  const packages = parsePackages(await readFile(join(options.dir, 'packages.txt'), 'utf8'));
  const mirror = findDebianMirror(await readAptSources(), recipe.suite);
  if (!mirror) {
    throw failed(`no Debian mirror for ${recipe.suite} in /etc/apt/sources.list or /etc/apt/sources.list.d`);
  }
  if (process.getuid?.() !== 0) throw failed('debootstrap needs root; run the build as root');
  await execa('debootstrap', ['--version']).catch((cause: unknown) => {
    throw failed('debootstrap is not installed (`apt-get install -y debootstrap`)', cause);
  });
  await mkdir(options.cacheDir, { recursive: true });
  await mkdir(options.workDir, { recursive: true });
  await removeAbandonedRootfs(options.workDir, options.log);
  const rootfs = await mkdtemp(join(options.workDir, `rootfs-${process.pid}-`));
  try {
    options.log(`debootstrap ${recipe.suite} from ${mirror.uri} (cache ${options.cacheDir})`);
    const keyring = mirror.signedBy ? [`--keyring=${mirror.signedBy}`] : [];
    const args = [
      '--variant=minbase',
      `--include=${packages.join(',')}`,
      `--cache-dir=${options.cacheDir}`,
      ...keyring,
      recipe.suite,
      rootfs,
      mirror.uri,
    ];
    await run('debootstrap', args, options.log);
    await run('sh', [join(options.dir, 'slim-rootfs.sh'), rootfs], options.log);
    const [name, tag] = splitTag(options.tag);
    const labels = Object.entries(options.labels).map(
      ([key, value]) => `LABEL ${key}=${JSON.stringify(value)}`,
    );
    const tar = execa('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], {
      buffer: false,
      stderr: 'inherit',
    });
    const stream = await docker.importImage(tar.stdout, {
      repo: name,
      tag,
      changes: [...recipe.changes, ...labels],
      message: `debootstrap ${recipe.suite} --variant=minbase from ${mirror.uri}`,
    });
    await Promise.all([followProgress(docker, stream, options.log), tar]);
  } catch (cause) {
    if (cause instanceof MultihomeError) throw cause;
    throw failed(
      `the offline build failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    );
  } finally {
    await removeRootfs(rootfs);
  }
}

async function run(file: string, args: readonly string[], log: (line: string) => void): Promise<void> {
  const child = execa(file, args, { all: true, reject: false });
  const tail: string[] = [];
  for await (const line of child.iterable({ from: 'all' })) {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    if (!CHATTER.test(line)) log(`${file}: ${line}`);
  }
  const result = await child;
  if (result.exitCode !== 0) {
    throw new Error(`${file} exited ${result.exitCode}:\n${tail.join('\n')}`);
  }
}

// A build killed mid-way (Ctrl-C, OOM) leaves its rootfs behind; its pid in the name says it is dead.
async function removeAbandonedRootfs(workDir: string, log: (line: string) => void): Promise<void> {
  for (const name of await readdir(workDir)) {
    const pid = Number(/^rootfs-(\d+)-/.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    log(`removing ${join(workDir, name)}, abandoned by dead pid ${pid}`);
    await removeRootfs(join(workDir, name));
  }
}

// A failed debootstrap can leave proc or sys mounted inside the rootfs; never recurse into them.
async function removeRootfs(rootfs: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8').catch(() => ''))
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${rootfs}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) await execa('umount', ['-l', point], { reject: false });
  await rm(rootfs, { recursive: true, force: true });
}

function splitTag(reference: string): [string, string] {
  const at = reference.lastIndexOf(':');
  return at > reference.lastIndexOf('/')
    ? [reference.slice(0, at), reference.slice(at + 1)]
    : [reference, 'latest'];
}

function failed(message: string, cause?: unknown): LabError {
  return new LabError('IMAGE_BUILD_FAILED', message, { source: 'system', cause });
}
