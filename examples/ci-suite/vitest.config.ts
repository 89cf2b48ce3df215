import { defineConfig } from 'vitest/config';

// Each test brings a whole lab up (containers, about ten seconds) and runs its flows: generous
// timeouts, and one file at a time so two labs do not compete for the runner. Spread a big suite over
// several CI runners with `vitest run --shard=1/2`, `--shard=2/2`.
export default defineConfig({
  test: {
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
