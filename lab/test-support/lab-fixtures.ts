import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { connectDocker } from '../../docker/connect-docker.js';
import { ensureImage } from '../../docker/ensure-image.js';
import { labFilter } from '../docker/labels.js';

const run = promisify(execFile);

let image: Promise<string> | undefined;

/** The lab image, built once per test process. */
export function labImage(): Promise<string> {
  image ??= ensureImage();
  return image;
}

/** The engine client the tests share. */
export function testDocker(): Promise<Docker> {
  return connectDocker();
}

/**
 * The host's routes, every table, both families: a lab must leave them exactly as found. Other
 * engineers' labs add and remove Docker bridges (`br-*`), veths and containers on docker0 (its routes
 * turn linkdown and back) on the same engine meanwhile, so
 * routes on those are left out; that our own networks are gone is checked by label (`labObjects`).
 */
export async function hostRoutes(): Promise<unknown[]> {
  const [v4, v6] = await Promise.all([
    run('ip', ['-j', 'route', 'show', 'table', 'all']),
    run('ip', ['-j', '-6', 'route', 'show', 'table', 'all']),
  ]);
  const routes = [...JSON.parse(v4.stdout), ...JSON.parse(v6.stdout)] as { dev?: string }[];
  return routes.filter((route) => !/^(br-|veth|docker0$)/.test(route.dev ?? ''));
}

/** Names of every container and network carrying one lab's label, sorted (empty when it is truly gone). */
export async function labObjects(docker: Docker, name: string): Promise<string[]> {
  const filters = JSON.stringify(labFilter(name));
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
  ]);
  return [
    ...containers.map((c) => `container ${c.Names[0] ?? c.Id}`),
    ...networks.map((n) => `network ${n.Name}`),
  ].sort();
}
