import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createVitest } from 'vitest/node';

// Which projects run each test file, as `npm test` sees them. With CI set no project is gated out,
// so the answer does not depend on what this machine has.
const root = dirname(new URL(import.meta.url).pathname);

/** Every test file of the project's own code, from the root (examples/ holds a user's suites, which lab tests run). */
function testFiles(): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts') && /^((applier|lab|scenarios|docker)\/.*|[^/]+)$/.test(file))
    .sort();
}

/** The names of the projects that run each test file. */
async function projectsByFile(): Promise<Map<string, string[]>> {
  vi.stubEnv('CI', 'true');
  const vitest = await createVitest('test', { root, config: join(root, 'vitest.config.ts'), watch: false });
  try {
    const byFile = new Map<string, string[]>();
    for (const spec of await vitest.globTestSpecifications()) {
      const file = relative(root, spec.moduleId);
      byFile.set(file, [...(byFile.get(file) ?? []), spec.project.name].sort());
    }
    return byFile;
  } finally {
    await vitest.close();
    vi.unstubAllEnvs();
  }
}

describe('the vitest projects', () => {
  it('run every test file; only the scenarios run twice, once on each runtime', async () => {
    const byFile = await projectsByFile();
    expect(testFiles().filter((file) => !byFile.has(file))).toEqual([]);
    const twice = [...byFile].filter(([, projects]) => projects.length > 1);
    expect(
      twice.filter(([file, projects]) => !file.startsWith('scenarios/') || projects.join() !== 'kernel,lab'),
    ).toEqual([]);
  }, 60_000);

  it("run the harness's pure parts once, in unit", async () => {
    expect((await projectsByFile()).get('scenarios/harness/harness.test.ts')).toEqual(['unit']);
  }, 60_000);
});
