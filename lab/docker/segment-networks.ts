import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { LabError } from '../errors.js';
import { LAB_LABEL, SEGMENT_LABEL } from './labels.js';
import { freeTransitSubnets } from './transit-pool.js';

const run = promisify(execFile);

/** A created segment network: Docker's name for it and the throwaway transit subnet Docker's IPAM uses. */
export type SegmentNetwork = { readonly segment: string; readonly name: string; readonly subnet: string };

/**
 * Starts creating one bridge network per segment, each on a free /27 of the transit pool, with
 * masquerade off; returns one promise per segment so containers can start as soon as theirs exist.
 * Subnets that another engineer's lab grabs meanwhile ("Pool overlaps") are retried with the next one.
 */
export async function createSegmentNetworks(
  docker: Docker,
  lab: string,
  segments: readonly string[],
  track: <T>(promise: Promise<T>) => Promise<T> = (promise) => promise,
): Promise<Map<string, Promise<SegmentNetwork>>> {
  const free = freeTransitSubnets(await takenSubnets(docker));
  const created = new Map(segments.map((segment) => [segment, createOne(docker, lab, segment, free, track)]));
  // Each promise is awaited by the containers on that segment; none may go unhandled meanwhile.
  for (const promise of created.values()) promise.catch(() => {});
  return created;
}

async function createOne(
  docker: Docker,
  lab: string,
  segment: string,
  free: string[],
  track: <T>(promise: Promise<T>) => Promise<T>,
): Promise<SegmentNetwork> {
  const name = `${lab}-${segment}`;
  for (let attempt = 0; attempt < 32; attempt++) {
    const subnet = free.shift();
    if (subnet === undefined) break;
    try {
      await track(
        docker.createNetwork({
          Name: name,
          Driver: 'bridge',
          CheckDuplicate: true,
          IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
          Options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
          Labels: { [LAB_LABEL]: lab, [SEGMENT_LABEL]: segment },
        }),
      );
      return { segment, name, subnet };
    } catch (cause) {
      if (!/overlap/i.test(String((cause as Error).message))) {
        throw new LabError('LAB_FAILED', `lab ${lab}: cannot create network ${name}: ${String(cause)}`, {
          source: 'system',
          cause,
        });
      }
    }
  }
  throw new LabError('LAB_FAILED', `lab ${lab}: no free transit subnet left for network ${name}`, {
    source: 'system',
  });
}

/** Subnets in use: every Docker network's IPAM config and every IPv4 route of the host, all tables. */
async function takenSubnets(docker: Docker): Promise<string[]> {
  const [networks, routes] = await Promise.all([docker.listNetworks(), hostRouteDestinations()]);
  const docked = networks.flatMap((network) =>
    (network.IPAM?.Config ?? []).map((config) => config.Subnet ?? ''),
  );
  return [...docked, ...routes].filter((cidr) => cidr !== '');
}

async function hostRouteDestinations(): Promise<string[]> {
  const { stdout } = await run('ip', ['-j', '-4', 'route', 'show', 'table', 'all']);
  const routes = JSON.parse(stdout || '[]') as { dst?: string }[];
  return routes
    .map((route) => route.dst ?? '')
    .filter((dst) => dst !== '' && dst !== 'default')
    .map((dst) => (dst.includes('/') ? dst : `${dst}/32`));
}
