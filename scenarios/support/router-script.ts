import { readFile } from 'node:fs/promises';
import type { CommandResult } from '../../applier/index.js';
import type { StartedLab } from '../../lab/index.js';

/** The article's recipe as shipped, with the default lab's addresses filled in. */
export const ARTICLE_RECIPE = 'examples/article-recipe.sh';

/** Runs a user's shell script as root in the router, fed on stdin, as `multihome test --script` does. */
export async function runRouterScript(lab: StartedLab, file: string): Promise<CommandResult> {
  const script = await readFile(file, 'utf8');
  return lab.exec('router', ['sh', '-s'], { input: script, timeoutMs: 60_000 });
}
