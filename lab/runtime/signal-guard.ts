/** Removes one lab; registered for as long as a process is bringing a lab up or holding it. */
export type Cleanup = () => Promise<void>;

const cleanups = new Map<symbol, Cleanup>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
let holds = 0;
let installed = false;
let cleaning = false;

/**
 * Makes SIGINT and SIGTERM remove the lab before the process exits (then exit 130/143, as the shell
 * would have). Handlers stay installed only while a lab is guarded or signals are held. Returns the release.
 */
export function guardLab(cleanup: Cleanup): () => void {
  const key = Symbol('lab');
  cleanups.set(key, cleanup);
  listen();
  return () => {
    cleanups.delete(key);
    listen();
  };
}

/**
 * Keeps the handlers installed before any lab exists, from the start of a command or `Lab.up`
 * until its lab is guarded: a signal then exits 130/143 at once. Left to Node's default action
 * instead, a signal that lands as a short-lived child's execa listeners are removed is dropped
 * (libuv discards a signal pending on a handle being stopped): an early Ctrl-C of `lab up` was
 * lost about once in ten runs on a loaded machine, and the lab came up anyway. Returns the release.
 */
export function holdSignals(): () => void {
  holds += 1;
  listen();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    listen();
  };
}

function listen(): void {
  const wanted = cleaning || cleanups.size > 0 || holds > 0;
  if (wanted === installed) return;
  installed = wanted;
  for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) {
    if (wanted) process.on(signal, onSignal);
    else process.off(signal, onSignal);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (cleaning) return;
  cleaning = true;
  const code = SIGNALS[signal as keyof typeof SIGNALS] ?? 1;
  process.stderr.write(
    cleanups.size === 0
      ? `multihome: ${signal}: no lab made yet, exiting\n`
      : `multihome: ${signal}: removing ${cleanups.size} lab(s) before exit\n`,
  );
  void Promise.allSettled([...cleanups.values()].map((cleanup) => cleanup())).then(() => process.exit(code));
}
