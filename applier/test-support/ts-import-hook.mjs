// Lets `node --import` run the TypeScript sources directly: Node strips the types, and this hook
// maps the `.js` import specifiers (as tsc wants them) to the `.ts` files beside them.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith('.') && specifier.endsWith('.js');
      if (error?.code === 'ERR_MODULE_NOT_FOUND' && relative)
        return next(`${specifier.slice(0, -3)}.ts`, context);
      throw error;
    }
  },
});
