const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs a transaction with Ctrl-C, SIGTERM and SIGHUP (a dropped SSH session) held back, so the
 * process is not killed between a failed step and its rollback. A signal that came in meanwhile
 * ends the process afterwards with the usual 128+N code.
 */
export async function withSignalsDeferred<T>(work: () => Promise<T>): Promise<T> {
  let received: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    received ??= signal;
  };
  for (const signal of SIGNALS) process.on(signal, hold);
  try {
    return await work();
  } finally {
    for (const signal of SIGNALS) process.off(signal, hold);
    if (received !== undefined) {
      process.stderr.write(`multihome: ${received} received; the transaction finished first, exiting now\n`);
      process.kill(process.pid, received);
    }
  }
}
