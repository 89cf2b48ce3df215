import { join } from 'node:path';

/**
 * Where downloads, locks and scratch builds live: outside the clone so a fresh checkout reuses
 * them. MULTIHOME_CACHE_DIR overrides the default /var/cache/multihome.
 */
export function cacheDir(...parts: string[]): string {
  return join(process.env.MULTIHOME_CACHE_DIR ?? '/var/cache/multihome', ...parts);
}
