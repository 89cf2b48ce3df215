// A fake Docker engine for the doctor, setup and attach tests: answers /_ping, /version, image
// inspects and a container list (empty, no labs, unless given; filters are not applied) on a unix socket. Run as a program (`node fake-dockerd.mjs SOCKET`) it is the fake `dockerd`
// that setup starts; it exits by itself after 30 s so a failed test cannot leave it behind.

import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/** Listens on `socket`; images are present unless `images: false`. Resolves once listening. */
export function serve(socket, { images = true, containers = [] } = {}) {
  rmSync(socket, { force: true });
  const server = createServer((request, response) => {
    const path = (request.url ?? '').replace(/^\/v[\d.]+/, '').replace(/\?.*/, '');
    const reply = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === '/_ping') return response.end('OK');
    if (path === '/version') return reply(200, { Version: '20.10.24-fake', ApiVersion: '1.41' });
    if (path.startsWith('/images/') && path.endsWith('/json')) {
      return images ? reply(200, { Id: 'sha256:fake' }) : reply(404, { message: 'No such image' });
    }
    if (path === '/containers/json') return reply(200, containers);
    reply(404, { message: `fake engine: no ${path}` });
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await serve(process.argv[2]);
  setTimeout(() => process.exit(0), 30_000);
}
