import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot, requireBuiltCli } from './applier/e2e/cli-path.js';
import { type PackedProject, packedProject } from './applier/test-support/packed-project.js';
import { unnamedTypes } from './applier/test-support/unnamed-types.js';

// The public API as a user gets it: `npm pack`, installed into a fresh project, imported by name.
const root = packageRoot();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
  exports: Record<string, string | { types?: string }>;
};

const CONSUMER_TS = `import { applyHost, type Config, LocalRunner, MultihomeError, parseConfig } from 'multihome';
import { defaultTopology, Lab, type StartedLab } from 'multihome/lab';

const runner = new LocalRunner();
const config: Config = parseConfig('uplinks: []\\n', 'x.yaml', { interfaces: [], foreignTables: [], previousTables: {} });
export const apply: (r: typeof runner, c: Config) => Promise<{ readonly changes: readonly unknown[] }> = applyHost;
export const up: (t: ReturnType<typeof defaultTopology>) => Promise<StartedLab> = Lab.up;
export const isError = (e: unknown): boolean => e instanceof MultihomeError && e.source === 'user';
// @ts-expect-error the declarations are real types, not any: a Config is no string
export const wrong: string = config;
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2023',
    lib: ['ES2023', 'ESNext.Disposable'],
    types: ['node'],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['consumer.ts'],
});

// Every entry point in one TypeScript project, for following the declarations a user meets.
const ENTRY_TYPES: Record<string, string> = {
  'entries.ts': `import type {} from 'multihome';\nimport type {} from 'multihome/lab';\nimport type {} from 'multihome/vitest';\n`,
  'tsconfig.entries.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], noEmit: true },
    include: ['entries.ts'],
  }),
};

const CONSUMER_MJS = `import { createRequire } from 'node:module';
const applier = await import('multihome');
const lab = await import('multihome/lab');
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({
  applier: ['applyHost', 'planHost', 'verifyHost', 'statusHost', 'removeHost', 'LocalRunner', 'NamespaceRunner', 'ContainerRunner', 'parseConfig', 'loadConfigFor'].filter((name) => typeof applier[name] !== 'function'),
  lab: ['Lab', 'topology', 'loadTopologyFile', 'defaultTopology'].filter((name) => lab[name] === undefined),
  isps: lab.defaultTopology().isps.length,
  docker: loaded.filter((file) => /node_modules[\\\\/](dockerode|docker-modem|ssh2)[\\\\/]/.test(file)).length,
}));
`;

const SERVICE_CONFIG = `uplinks:
  - name: isp1
    interface: eth0
    address: 10.62.0.2/24
    gateway: 10.62.0.1
`;

describe('the packed package, installed from its tarball into a fresh project', () => {
  let project: PackedProject;

  beforeAll(async () => {
    await requireBuiltCli();
    project = await packedProject({
      dependencies: { '@types/node': manifest.devDependencies['@types/node'] ?? '*' },
      files: {
        'consumer.ts': CONSUMER_TS,
        'tsconfig.json': TSCONFIG,
        'consumer.mjs': CONSUMER_MJS,
        'multihome.yaml': SERVICE_CONFIG,
        ...ENTRY_TYPES,
      },
    });
  }, 300_000);
  afterAll(async () => {
    await project?.[Symbol.asyncDispose]();
  });

  it('type-checks `multihome` and `multihome/lab` imports against the shipped declarations', async () => {
    const checked = await project.run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', project.dir]);
    expect(checked, checked.stdout).toMatchObject({ exitCode: 0 });
  }, 120_000);

  it('exports every type its declarations use, so a user can name each option and result', () => {
    const entries = Object.values(manifest.exports).flatMap((target) =>
      typeof target === 'string' || target.types === undefined ? [] : [target.types],
    );
    expect(entries).toHaveLength(3);
    const unnamed = unnamedTypes(join(project.dir, 'tsconfig.entries.json'), 'multihome', entries);
    expect(unnamed.map(({ name, usedBy }) => `${name} (used by ${usedBy.join(', ')})`)).toEqual([]);
  }, 120_000);

  it('imports both entry points in plain ESM without loading the Docker client', async () => {
    const ran = await project.run(process.execPath, ['consumer.mjs']);
    expect(ran.exitCode, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ applier: [], lab: [], isps: 3, docker: 0 });
  }, 60_000);

  it('installs the multihome command', async () => {
    const help = await project.run(join(project.dir, 'node_modules', '.bin', 'multihome'), [
      'apply',
      '--help',
    ]);
    expect(help.exitCode, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: multihome apply/);
    const version = await project.run(join(project.dir, 'node_modules', '.bin', 'multihome'), ['--version']);
    expect(version, version.stderr).toMatchObject({ exitCode: 0, stdout: manifest.version });
  }, 60_000);

  it("writes a unit whose ExecStart= runs the installed package's own CLI", async () => {
    const target = mkdtempSync(join(tmpdir(), 'mh-packed-root-'));
    // A root with systemd in it: the dry run checks what the real install would.
    mkdirSync(join(target, 'etc', 'systemd', 'system'), { recursive: true });
    try {
      const dry = await project.run(join(project.dir, 'node_modules', '.bin', 'multihome'), [
        'service',
        'install',
        '-c',
        join(project.dir, 'multihome.yaml'),
        '--dry-run',
        '--root',
        target,
      ]);
      expect(dry.exitCode, dry.stderr).toBe(0);
      const execStart = /^ +ExecStart=(\S+) (\S+) apply /m.exec(dry.stdout);
      expect(execStart, dry.stdout).not.toBeNull();
      const [, node, script] = execStart ?? [];
      expect(existsSync(node ?? ''), node).toBe(true);
      expect(script).toMatch(/[\\/]node_modules[\\/]multihome[\\/]dist[\\/]cli\.js$/);
      expect(existsSync(script ?? ''), script).toBe(true);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  }, 60_000);

  it('ships the built code and no tests', () => {
    expect(project.packed).toContain('dist/applier/index.d.ts');
    expect(project.packed).toContain('dist/lab/index.d.ts');
    expect(project.packed.filter((file) => /\.test\.[jt]s$/.test(file))).toEqual([]);
  });
});
