import type Docker from 'dockerode';
import { labFilter } from './docker/labels.js';
import { LabError } from './errors.js';
import type { LabRuntime } from './lab-types.js';
import { readRecord } from './netns/netns-record.js';

/**
 * The refusal of a name a lab on `runtime` already has. A name is one lab's on this host, whatever
 * the runtime: `lab exec`, `flows` and `down` find a lab by its name alone, and its artifacts go
 * to `artifacts/<name>`.
 */
export function labNameTaken(runtime: LabRuntime, name: string): LabError {
  return new LabError('USAGE', `a ${runtime} lab named ${name} exists (see \`multihome lab ls\`)`, {
    source: 'user',
  });
}

/** Refuses a name a netns lab's record has; no Docker call. */
export async function refuseNetnsName(name: string): Promise<void> {
  if ((await readRecord(name)) !== undefined) throw labNameTaken('netns', name);
}

/** Refuses a name any container's `multihome.lab` label has; without an engine there is none. */
export async function refuseDockerName(name: string, engine: Docker | undefined): Promise<void> {
  if (engine === undefined) return;
  const found = await engine.listContainers({ all: true, filters: JSON.stringify(labFilter(name)) });
  if (found.length > 0) throw labNameTaken('docker', name);
}

/**
 * The refusal of a name both runtimes have (two `lab up`s of it raced past each other's checks):
 * acting on either could be the wrong lab, so the user says which.
 */
export function labNameAmbiguous(name: string): LabError {
  return new LabError(
    'USAGE',
    `Lab name ${name} is on both runtimes, netns and docker; remove one with \`multihome lab down ${name} --runtime docker\` (or netns).`,
    { source: 'user' },
  );
}

/**
 * The error for a name no lab has: which runtimes were searched (one, when `runtime` says which),
 * and why Docker's labs were not. A user error (exit 2), also when no engine answers: a mistyped
 * name on a host without Docker is not a missing engine.
 */
export function labNotFound(name: string, runtime?: LabRuntime, noEngine?: LabError): LabError {
  if (runtime === 'docker' && noEngine !== undefined) return noEngine;
  const where =
    runtime !== undefined
      ? `no ${runtime} lab has that name`
      : noEngine === undefined
        ? 'neither the netns labs nor the Docker labs have that name'
        : `no netns lab has that name, and the Docker labs could not be searched (no engine answers: ${describeCause(noEngine.cause)})`;
  return new LabError('LAB_FAILED', `no lab named ${name}: ${where}; see \`multihome lab ls\``, {
    source: 'user',
    ...(noEngine === undefined ? {} : { cause: noEngine }),
  });
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
