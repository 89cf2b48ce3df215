import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { LabError } from '../lab/errors.js';
import { buildFromDockerfile } from './build-from-dockerfile.js';
import { withBuildLock } from './build-lock.js';
import { buildOffline } from './build-offline.js';
import { cacheDir } from './cache-dir.js';
import { connectDocker } from './connect-docker.js';
import { dockerDir, imageInputsHash, LAB_IMAGE_REPOSITORY } from './image-inputs.js';

/** Which way the image came to exist: already there, `docker build`, or debootstrap + import. */
export type ImageSource = 'cached' | 'dockerfile' | 'offline';

/** Options of {@link ensureImage}; all optional. */
export type EnsureImageOptions = {
  readonly docker?: Docker;
  /** One line per step; silent by default. */
  readonly log?: (line: string) => void;
  /** Repository of the tag (default `multihome-lab`); a scratch name builds without touching the real one. */
  readonly repository?: string;
  /** The docker/ directory whose inputs define the image (default: this package's). */
  readonly dockerDir?: string;
  /** `auto` (default, or MULTIHOME_IMAGE_BUILD) tries the Dockerfile, then falls back to offline. */
  readonly method?: 'auto' | 'dockerfile' | 'offline';
  /** Deadline to pull the base image on the Dockerfile path (default 30 s). */
  readonly pullDeadlineMs?: number;
  /** Deadline of `docker build` once the base is present (default 5 minutes). */
  readonly buildDeadlineMs?: number;
};

/** What {@link ensureLabImage} did. */
export type EnsuredImage = {
  readonly tag: string;
  readonly id: string;
  readonly source: ImageSource;
  readonly durationMs: number;
};

/** The lab node image's tag, built first if no image has it yet. */
export async function ensureImage(options: EnsureImageOptions = {}): Promise<string> {
  return (await ensureLabImage(options)).tag;
}

/**
 * Makes sure `<repository>:<hash of docker/ inputs>` exists and says how: already present, built
 * from the Dockerfile, or built offline. Safe to call from several processes at once: builders
 * take turns on a lock file, and each builds to a private temp tag that is renamed at the end.
 */
export async function ensureLabImage(options: EnsureImageOptions = {}): Promise<EnsuredImage> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const docker = await connectDocker(options.docker ? { docker: options.docker } : {});
  const dir = options.dockerDir ?? dockerDir();
  const repository = options.repository ?? LAB_IMAGE_REPOSITORY;
  const hash = await imageInputsHash(dir);
  const tag = `${repository}:${hash}`;
  const found = await imageId(docker, tag);
  if (found) return { tag, id: found, source: 'cached', durationMs: Date.now() - started };

  const lock = cacheDir('locks', `${repository.replace(/[^\w.-]/g, '_')}-${hash}.lock`);
  return withBuildLock(
    lock,
    async () => {
      const builtMeanwhile = await imageId(docker, tag);
      if (builtMeanwhile) {
        log(`${tag} was built meanwhile by another caller`);
        return { tag, id: builtMeanwhile, source: 'cached', durationMs: Date.now() - started };
      }
      const temp = `${repository}:${hash}-build-${process.pid}-${randomBytes(3).toString('hex')}`;
      try {
        const source = await build(docker, { ...options, dir, hash, temp, log });
        await docker.getImage(temp).tag({ repo: repository, tag: hash });
        const id = (await imageId(docker, tag)) ?? '';
        const durationMs = Date.now() - started;
        log(`${tag} built by the ${source} path in ${(durationMs / 1000).toFixed(1)} s (${id.slice(7, 19)})`);
        return { tag, id, source, durationMs };
      } finally {
        await docker
          .getImage(temp)
          .remove({ noprune: true })
          .catch(() => undefined);
      }
    },
    { log },
  );
}

type BuildContext = EnsureImageOptions & {
  readonly dir: string;
  readonly hash: string;
  readonly temp: string;
  readonly log: (line: string) => void;
};

async function build(docker: Docker, context: BuildContext): Promise<Exclude<ImageSource, 'cached'>> {
  const method = context.method ?? methodFromEnv();
  const labels = { 'multihome.image': 'lab', 'multihome.image.inputs': context.hash };
  if (method !== 'offline') {
    context.log(`building ${context.temp} from ${context.dir}/Dockerfile`);
    try {
      await buildFromDockerfile(docker, {
        dir: context.dir,
        tag: context.temp,
        labels: { ...labels, 'multihome.image.source': 'dockerfile' },
        pullDeadlineMs: context.pullDeadlineMs ?? 30_000,
        buildDeadlineMs: context.buildDeadlineMs ?? 300_000,
        log: context.log,
      });
      return 'dockerfile';
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      if (method === 'dockerfile') {
        throw new LabError('IMAGE_BUILD_FAILED', `docker build failed: ${reason}`, {
          source: 'system',
          cause,
        });
      }
      context.log(`the Dockerfile path failed (${reason.split('\n')[0]}); building offline with debootstrap`);
    }
  }
  await buildOffline(docker, {
    dir: context.dir,
    tag: context.temp,
    labels: { ...labels, 'multihome.image.source': 'offline' },
    cacheDir: cacheDir('debootstrap'),
    workDir: cacheDir('build'),
    log: context.log,
  });
  return 'offline';
}

function methodFromEnv(): 'auto' | 'dockerfile' | 'offline' {
  const value = process.env.MULTIHOME_IMAGE_BUILD;
  return value === 'dockerfile' || value === 'offline' ? value : 'auto';
}

async function imageId(docker: Docker, reference: string): Promise<string | undefined> {
  return docker
    .getImage(reference)
    .inspect()
    .then((info) => info.Id)
    .catch(() => undefined);
}
