import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { TestNamespace } from '../../applier/test-support/test-namespace.js';
import { lanGreeting, lanHostServices } from './lab-services.js';

const PORT = 53;
const ROUNDS = 150;
const BURST = 6;

// Sends BURST datagrams at once from BURST sockets, ROUNDS times, and prints per round how many got
// the greeting back within ROUND_WAIT_MS; stops at the first round with one missing (a wedged server
// answers nothing after it). Run inside the namespace.
const BURST_CLIENT = `
const dgram = require('node:dgram');
const [port, rounds, burst, greeting] = process.argv.slice(1);
const round = () => new Promise((done) => {
  const sockets = Array.from({ length: Number(burst) }, () => dgram.createSocket('udp4'));
  let answered = 0;
  const finish = () => { clearTimeout(timer); for (const s of sockets) s.close(); done(answered); };
  const timer = setTimeout(finish, 3000);
  for (const s of sockets) {
    s.on('message', (m) => { if (m.toString() === greeting + '\\n' && ++answered === sockets.length) finish(); });
    s.send('probe\\n', Number(port), '127.0.0.1');
  }
});
(async () => {
  for (let i = 0; i < Number(rounds); i++) {
    const answered = await round();
    console.log(answered);
    if (answered < Number(burst)) break;
  }
})();
`;

it('the LAN host answers every datagram when several arrive at once', async () => {
  await using ns = await TestNamespace.create('lanudp');
  const [service] = lanHostServices({
    name: 'server',
    addresses: ['10.10.0.10'],
    forwards: [{ protocol: 'udp', port: 5353, to: PORT }],
  }).filter((s) => s.description.startsWith('UDP'));
  if (service === undefined) throw new Error('the LAN host has no UDP service');
  const server = spawn('ip', ['netns', 'exec', ns.name, ...service.argv], { stdio: 'ignore' });
  try {
    await ns.must(['sh', '-c', `until ss -Hlun | grep -q ':${PORT} '; do sleep 0.01; done`]);
    const out = await ns.must([
      process.execPath,
      '-e',
      BURST_CLIENT,
      String(PORT),
      String(ROUNDS),
      String(BURST),
      lanGreeting('server'),
    ]);
    const rounds = out.trim().split('\n').map(Number);
    expect({ rounds: rounds.length, unanswered: rounds.map((n) => BURST - n).filter((n) => n > 0) }).toEqual({
      rounds: ROUNDS,
      unanswered: [],
    });
  } finally {
    server.kill();
  }
});
