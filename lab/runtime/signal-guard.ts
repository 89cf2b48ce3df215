/** Removes one lab; registered for as long as a process is bringing a lab up or holding it. */
export type Cleanup = () => Promise<void>;

const cleanups = new Map<symbol, Cleanup>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
let cleaning = false;

/**
 * Makes SIGINT and SIGTERM remove the lab before the process exits (then exit 130/143, as the shell
 * would have). Handlers stay installed only while at least one lab is guarded. Returns the release.
 */
export function guardLab(cleanup: Cleanup): () => void {
  const key = Symbol('lab');
  if (cleanups.size === 0) {
    for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.on(signal, onSignal);
  }
  cleanups.set(key, cleanup);
  return () => {
    cleanups.delete(key);
    if (cleanups.size === 0 && !cleaning) {
      for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.off(signal, onSignal);
    }
  };
}

function onSignal(signal: NodeJS.Signals): void {
  if (cleaning) return;
  cleaning = true;
  const code = SIGNALS[signal as keyof typeof SIGNALS] ?? 1;
  process.stderr.write(`multihome: ${signal}: removing ${cleanups.size} lab(s) before exit\n`);
  void Promise.allSettled([...cleanups.values()].map((cleanup) => cleanup())).then(() => process.exit(code));
}
