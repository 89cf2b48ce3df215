import { chmod, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';

const program = fileURLToPath(new URL('./fake-dockerd.mjs', import.meta.url));

/** What the fake engine has: images (default yes), and the containers it lists (default none). */
export type FakeEngineOptions = { images?: boolean; containers?: readonly Partial<Docker.ContainerInfo>[] };

/** A fake engine answering in this process, and a client to it. */
export async function fakeEngine(socket: string, options: FakeEngineOptions = {}) {
  const { serve } = (await import(program)) as {
    serve: (socket: string, options: FakeEngineOptions) => Promise<Server>;
  };
  const server = await serve(socket, options);
  return {
    docker: new Docker({ socketPath: socket }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Writes a fake `dockerd` into `bin` that serves a fake engine on `socket` and records its pid in
 * `bin/dockerd.pid`, so the test can stop exactly the process it started.
 */
export async function fakeDockerd(bin: string, socket: string): Promise<string> {
  const pidFile = join(bin, 'dockerd.pid');
  await writeFile(
    join(bin, 'dockerd'),
    `#!/bin/sh\necho $$ > '${pidFile}'\nexec '${process.execPath}' '${program}' '${socket}'\n`,
  );
  await chmod(join(bin, 'dockerd'), 0o755);
  return pidFile;
}

/** A client for an engine that does not answer (no socket there). */
export function silentEngine(dir: string): Docker {
  return new Docker({ socketPath: join(dir, 'no-engine.sock') });
}
