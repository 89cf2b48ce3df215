import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { API, type Project, SymbolFlags } from 'typescript/unstable/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The public API is whatever `package.json` `exports` names; each symbol a user can import from it
// gets TSDoc, so an editor's hover explains it. The checker follows re-exports (`export *`, aliases
// of aliases) to the declaration a user's hover lands on.
const root = dirname(new URL(import.meta.url).pathname);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types?: string }>;
};

/** The source index of each entry point that ships declarations: `./dist/lab/index.d.ts` → `lab/index.ts`. */
function entrySources(): [string, string][] {
  return Object.entries(manifest.exports).flatMap(([entry, target]) => {
    const types = typeof target === 'string' ? undefined : target.types;
    return types === undefined ? [] : [[entry, types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '.ts')]];
  });
}

/** Each name an entry point exports, and whether its declaration has a TSDoc comment. */
function exportsOf(project: Project, source: string): { name: string; documented: boolean }[] {
  const { checker, program } = project;
  const file = program.getSourceFile(join(root, source));
  const module = file && checker.getSymbolAtLocation(file);
  if (module === undefined) throw new Error(`${source} is not in the TypeScript project`);
  return checker.getExportsOfModule(module).map((exported) => {
    const declared = exported.flags & SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    return { name: exported.name, documented: declared.getDocumentationComment(checker).trim() !== '' };
  });
}

describe('the public API', () => {
  let api: API;
  let project: Project;

  beforeAll(() => {
    api = new API({ cwd: root });
    const found = api.updateSnapshot({ openProjects: [join(root, 'tsconfig.json')] }).getProjects()[0];
    if (found === undefined) throw new Error('tsconfig.json opened no TypeScript project');
    project = found;
  }, 60_000);
  afterAll(() => api?.close());

  it('names the three entry points, each with its source index', () => {
    const entries = entrySources();
    expect(entries.map(([entry]) => entry)).toEqual(['.', './lab', './vitest']);
    expect(entries.filter(([, source]) => !existsSync(join(root, source)))).toEqual([]);
  });

  it.each(entrySources())('documents every export of %s (%s) with TSDoc', (_entry, source) => {
    const exported = exportsOf(project, source);
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.filter((found) => !found.documented).map((found) => found.name)).toEqual([]);
  });
});
