import { mustRun } from '../../applier/index.js';
import type { StartedLab } from '../../lab/index.js';
import { clientNode, lanNode } from '../../lab/index.js';
import { pollUntil } from './router-cli.js';

/** Where one live connection's FIFO, output and pid files live in the client node (its own /run). */
const DIR = '/run/mh-live-connection';
/** Every process of the live connection ends by itself after this long, even if the test dies. */
const LIFETIME_S = 120;

/** A long-lived TCP connection from a remote client through a port forward to a LAN echo server. */
export type LiveConnection = {
  /** Sends one line on the connection and waits (up to `waitMs`) for the server's echo of it. */
  exchange(line: string, waitMs?: number): Promise<boolean>;
  /** Ends the client's and the server's processes; already gone is no error. */
  close(): Promise<void>;
};

/** Where the connection goes: the router address it is forwarded from, the LAN host it lands on, the ports. */
export type LiveTarget = {
  readonly client: string;
  readonly routerAddress: string;
  readonly lanHost: string;
  readonly lanAddress: string;
  readonly port: number;
  readonly lanPort: number;
};

/**
 * Adds a DNAT for the target port (like an admin's port forward, in the lab's own `ip portfwd`
 * table), starts a one-connection echo server on the LAN host, then opens the connection from the
 * client: socat reads a FIFO that a bounded `sleep` holds open, so each `exchange` writes one line
 * on the SAME connection and its echo lands in a file.
 */
export async function openLiveConnection(lab: StartedLab, target: LiveTarget): Promise<LiveConnection> {
  const { client, routerAddress, lanHost, lanAddress, port, lanPort } = target;
  await mustRun(lab.runner('router'), [
    'nft',
    'add rule ip portfwd prerouting',
    `ip daddr ${routerAddress} tcp dport ${port} dnat to ${lanAddress}:${lanPort}`,
  ]);
  const lan = lab.runner(lanNode(lanHost));
  await mustRun(lan, [
    'sh',
    '-c',
    `setsid sh -c 'echo $$ > /run/mh-live-echo.pid; exec timeout ${LIFETIME_S} socat TCP4-LISTEN:${lanPort},reuseaddr EXEC:cat' </dev/null >/run/mh-live-echo.log 2>&1 &
     for i in $(seq 50); do ss -Hltn "sport = :${lanPort}" | grep -q . && exit 0; sleep 0.1; done; exit 1`,
  ]);
  const node = lab.runner(clientNode(client));
  await mustRun(node, [
    'sh',
    '-c',
    `D=${DIR}; rm -rf $D; mkdir -p $D; mkfifo $D/in
     setsid sh -c 'echo $$ > "$0/writer.pid"; exec timeout ${LIFETIME_S} sleep ${LIFETIME_S} > "$0/in"' $D </dev/null >/dev/null 2>&1 &
     setsid sh -c 'echo $$ > "$0/socat.pid"; exec timeout ${LIFETIME_S} socat TCP4:${routerAddress}:${port} - < "$0/in" > "$0/out" 2> "$0/err"' $D </dev/null >/dev/null 2>&1 &
     true`,
  ]);
  return {
    async exchange(line, waitMs = 5_000) {
      await mustRun(node, ['sh', '-c', `echo '${line}' > ${DIR}/in`]);
      return pollUntil(
        async () => (await node.run(['grep', '-qxF', line, `${DIR}/out`])).exitCode === 0,
        waitMs,
      );
    },
    async close() {
      await node.run([
        'sh',
        '-c',
        `for f in ${DIR}/socat.pid ${DIR}/writer.pid; do p=$(cat $f 2>/dev/null) && pkill -TERM -g "$p"; done; rm -rf ${DIR}; true`,
      ]);
      await lan.run(['sh', '-c', 'p=$(cat /run/mh-live-echo.pid 2>/dev/null) && pkill -TERM -g "$p"; true']);
    },
  };
}
