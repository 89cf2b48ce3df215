#!/usr/bin/env node
import { exitCodeFor } from '../applier/errors.js';
import { ensureLabImage } from './ensure-image.js';

/** `npm run image`: builds the lab image if its inputs changed and says which path it took. */
async function main(): Promise<void> {
  const log = (line: string) => console.log(`image: ${line}`);
  const image = await ensureLabImage({ log });
  const how = image.source === 'cached' ? 'already present' : `built by the ${image.source} path`;
  console.log(`image: ${image.tag} ${how} (${(image.durationMs / 1000).toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(`image: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = exitCodeFor(error);
});
