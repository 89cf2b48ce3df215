import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { BuildTarget } from './build-target.js';
import { parseDockerfile } from './dockerfile-recipe.js';
import { followProgress } from './follow-progress.js';
import { listImageInputs } from './image-inputs.js';

/** Options of {@link buildFromDockerfile}. */
export type DockerfileBuildOptions = BuildTarget & {
  /** Deadline to pull a missing base image: where no registry answers this fails or hangs. */
  readonly pullDeadlineMs: number;
  /** Deadline of the build itself, once the base image is present. */
  readonly buildDeadlineMs: number;
};

/** The registry path: `docker build` of docker/Dockerfile, pulling its base image first if needed. */
export async function buildFromDockerfile(docker: Docker, options: DockerfileBuildOptions): Promise<void> {
  const recipe = parseDockerfile(await readFile(join(options.dir, 'Dockerfile'), 'utf8'));
  const present = await docker
    .getImage(recipe.base)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (!present) {
    options.log(`pulling ${recipe.base} (deadline ${options.pullDeadlineMs / 1000} s)`);
    const stream = await docker.pull(recipe.base, {
      abortSignal: AbortSignal.timeout(options.pullDeadlineMs),
    });
    await followProgress(docker, stream);
  }
  const stream = await docker.buildImage(
    { context: options.dir, src: await listImageInputs(options.dir) },
    {
      t: options.tag,
      labels: { ...options.labels },
      rm: true,
      forcerm: true,
      abortSignal: AbortSignal.timeout(options.buildDeadlineMs),
    },
  );
  await followProgress(docker, stream, options.log);
}
