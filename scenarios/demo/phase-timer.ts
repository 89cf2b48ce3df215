/** How long one demo phase took. */
export type PhaseTiming = { readonly phase: string; readonly ms: number };

/** Times named phases in order; the bench prints what it collects. */
export class PhaseTimer {
  readonly timings: PhaseTiming[] = [];

  /** Runs `fn` as phase `name`, recording its wall time even when it throws. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.timings.push({ phase: name, ms: Math.round(performance.now() - start) });
    }
  }
}
