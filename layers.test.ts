import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The tree reads top-down: cli.ts composes the areas; scenarios/ depends on the lab and the applier
// through their public entry points only; the lab (with docker/) depends on the applier; the applier
// depends on nothing above it, statically or dynamically.
const root = dirname(new URL(import.meta.url).pathname);
const SOURCE = /\.(?:ts|mjs|js)$/;

// Where a file names another by path: `import`/`export … from`, `import()`, `require()` (modules), and
// `new URL(…, import.meta.url)` (files it reads or starts). Of a template literal, the part before the
// first `${` is what names the place.
const REFERENCE = /\b(from|import|require|new URL)\s*\(?\s*(['"`])([^'"`]*)\2/g;
// An `import(` whose argument is no string literal: whatever it loads, no test can see where it goes.
const COMPUTED_IMPORT = /\bimport\s*\(\s*(?!['"]|`[^`$]*`)/g;
// A path to what the build makes of the lab, the scenarios or the top-level CLI (`dist/lab/…`,
// `join(root, 'dist', 'cli.js')`): running those from below is a dependency too, only a later one.
const BUILT = /['"`](?:\.{1,2}\/)*dist(?:\/|['"`]\s*,\s*['"`])(?:lab|scenarios|cli\.js|bin\.js)\b/g;

type Reference = { readonly from: string; readonly to: string; readonly kind: 'module' | 'file' };

/** Every source file of an area (TypeScript and JavaScript alike), from the root. */
function sourcesOf(area: string): string[] {
  return readdirSync(join(root, area), { recursive: true, encoding: 'utf8' })
    .filter((file) => SOURCE.test(file))
    .map((file) => join(area, file));
}

/** Every relative module specifier and every file an area's sources name, resolved from the root. */
function referencesOf(area: string): Reference[] {
  return sourcesOf(area).flatMap((from) =>
    [...readFileSync(join(root, from), 'utf8').matchAll(REFERENCE)].flatMap(([, word, , text = '']) => {
      const kind = word === 'new URL' ? 'file' : 'module';
      const path = text.split('${')[0] ?? '';
      // Packages and node: builtins for modules; URLs with a scheme (data:, file:) or absolute for files.
      const local = kind === 'module' ? /^\.{1,2}\//.test(path) : !/^(?:[a-z][\w+.-]*:|\/)/i.test(path);
      return local ? [{ from, to: relative(root, resolve(root, dirname(from), path)), kind }] : [];
    }),
  );
}

/** Every relative import in an area's sources, as [importing file, imported file] from the root. */
function importsOf(area: string): [string, string][] {
  return referencesOf(area)
    .filter((reference) => reference.kind === 'module')
    .map(({ from, to }): [string, string] => [from, to]);
}

/** `file: match` for every match of `pattern` in the sources of `area`. */
function matchesIn(area: string, pattern: RegExp): string[] {
  return sourcesOf(area).flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(pattern)].map(([match]) => `${file}: ${match}`),
  );
}

/** True when `path` is `place` or lies below it (`lab` and `lab/x.ts` are both in `lab/`). */
const isIn = (path: string, place: string) =>
  `${path}/`.startsWith(place.endsWith('/') ? place : `${place}/`);

/** Every TypeScript file of `areas` whose text matches `pattern`, from the root. */
function filesMatching(pattern: RegExp, areas: readonly string[]): string[] {
  return areas.flatMap((area) =>
    readdirSync(join(root, area), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(area, file))
      .filter((file) => pattern.test(readFileSync(join(root, file), 'utf8'))),
  );
}

const AREAS = ['applier', 'lab', 'scenarios', 'docker'];

const outside = (allowed: readonly string[]) => (pair: [string, string]) =>
  !allowed.some((place) => isIn(pair[1], place));

// What the applier must not name in any way: the areas above it and the CLI composed from them.
const ABOVE_THE_APPLIER = ['lab/', 'scenarios/', 'docker/', 'cli.ts', 'cli.js', 'bin.ts', 'bin.js'];

describe('layers', () => {
  it('the applier imports nothing from the lab, the scenarios, docker/ or the CLI above it', () => {
    expect(importsOf('applier').filter(outside(['applier/']))).toEqual([]);
  });

  it('the applier names no file above it, not even to read or start it', () => {
    const above = referencesOf('applier').filter(({ to }) =>
      ABOVE_THE_APPLIER.some((place) => isIn(to, place)),
    );
    expect(above).toEqual([]);
  });

  it('the applier loads every module by a literal path, so the tests above see each one', () => {
    expect(matchesIn('applier', COMPUTED_IMPORT)).toEqual([]);
  });

  it('the applier starts the built CLI through cli-path alone, and nothing built from the lab or scenarios', () => {
    // The one exemption: the applier's own end-to-end tests and benches run `multihome` as a user does,
    // as a process from dist/, which is no module dependency; cli-path.ts is the one place that finds
    // it, so there is one line to look at rather than a path spelled in every test.
    const built = matchesIn('applier', BUILT).filter(
      (match) => !match.startsWith('applier/e2e/cli-path.ts:'),
    );
    expect(built).toEqual([]);
  });

  it('the lab and its image build import the applier, never the scenarios or the CLI', () => {
    const allowed = ['applier/', 'lab/', 'docker/'];
    expect([...importsOf('lab'), ...importsOf('docker')].filter(outside(allowed))).toEqual([]);
  });

  it('the scenarios use the applier and the lab only through their public entry points', () => {
    // cli-path locates the built CLI the scenarios run inside the router; it is no API.
    const allowed = ['scenarios/', 'applier/index.js', 'lab/index.js', 'applier/e2e/cli-path.js'];
    expect(importsOf('scenarios').filter(outside(allowed))).toEqual([]);
  });

  it('one module wraps ipaddr.js, so every address is parsed and compared one way', () => {
    // Its test watches which of ipaddr.js's parsers it calls.
    expect(filesMatching(/from 'ipaddr\.js'/, AREAS)).toEqual([
      'applier/model/address.test.ts',
      'applier/model/address.ts',
    ]);
  });

  it("two modules make network namespaces: the tests' registered primitive and the netns runtime", () => {
    // Any other `ip netns add` would be a namespace that no sweep knows of when its run is killed.
    expect(filesMatching(/netns add|'netns',\s*'add'/, AREAS)).toEqual([
      'applier/test-support/test-namespace.ts',
      'lab/netns/wire-nodes.ts',
    ]);
  });
});
