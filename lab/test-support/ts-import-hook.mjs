// Lets a child `node` run this package's TypeScript directly (Node >= 22.18 strips types): relative
// imports are written with `.js`, so resolve each to its `.ts` sibling when no `.js` file exists.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
      const url = new URL(specifier, context.parentURL);
      const ts = new URL(url.href.replace(/\.js$/, '.ts'));
      if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(ts)))
        return nextResolve(ts.href, context);
    }
    return nextResolve(specifier, context);
  },
});
