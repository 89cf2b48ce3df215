import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The tree reads top-down: cli.ts composes the areas; scenarios/ depends on the lab and the applier
// through their public entry points only; the lab (with docker/) depends on the applier; the applier
// depends on nothing above it, statically or dynamically.
const root = dirname(new URL(import.meta.url).pathname);
const SPECIFIER = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every relative import in an area's TypeScript, as [importing file, imported file] from the root. */
function importsOf(area: string): [string, string][] {
  return readdirSync(join(root, area), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => {
      const from = join(area, file);
      const text = readFileSync(join(root, from), 'utf8');
      return [...text.matchAll(SPECIFIER)].map(([, spec]): [string, string] => [
        from,
        relative(root, resolve(root, dirname(from), spec ?? '')),
      ]);
    });
}

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
  !allowed.some((prefix) => pair[1].startsWith(prefix));

describe('layers', () => {
  it('the applier imports nothing from the lab, the scenarios, docker/ or the CLI above it', () => {
    expect(importsOf('applier').filter(outside(['applier/']))).toEqual([]);
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
    expect(filesMatching(/from 'ipaddr\.js'/, AREAS)).toEqual(['applier/model/address.ts']);
  });

  it("two modules make network namespaces: the tests' registered primitive and the netns runtime", () => {
    // Any other `ip netns add` would be a namespace that no sweep knows of when its run is killed.
    expect(filesMatching(/netns add|'netns',\s*'add'/, AREAS)).toEqual([
      'applier/test-support/test-namespace.ts',
      'lab/netns/wire-nodes.ts',
    ]);
  });
});
