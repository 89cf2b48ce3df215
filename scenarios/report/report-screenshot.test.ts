import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAfter, fixtureBefore, fixtureTopology } from './fixture.js';
import { inspectPng } from './png-inspect.js';
import { writeReport } from './write-report.js';

const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM ?? 'chromium';

describe('the HTML report renders in headless Chromium', () => {
  let dir = '';
  let html = '';
  let png = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mh-report-'));
    const artifacts = join(dir, 'artifacts', 'gw-isp1');
    await import('node:fs/promises').then((fs) => fs.mkdir(artifacts, { recursive: true }));
    await writeFile(join(artifacts, 'isp1.pcap'), Buffer.alloc(24));
    html = await writeReport(join(dir, 'report'), {
      topology: fixtureTopology,
      before: fixtureBefore,
      after: fixtureAfter,
      artifactsDir: join(dir, 'artifacts'),
      mermaid: 'flowchart LR\n  client1 --> isp1',
    });
    png = join(dir, 'report.png');
    await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--screenshot=${png}`,
        '--window-size=1280,1600',
        `file://${html}`,
      ],
      { timeout: 90_000 },
    );
  });

  afterAll(async () => {
    if (process.env.KEEP_REPORT) console.log(`report kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  });

  it('is self-contained and links the copied pcaps relatively', async () => {
    const text = await readFile(html, 'utf8');
    expect(text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(text).toContain('<svg');
    expect(text).toContain('href="pcaps/gw-isp1_isp1.pcap"');
    expect((await stat(join(dir, 'report', 'pcaps', 'gw-isp1_isp1.pcap'))).size).toBe(24);
    expect(text).toContain('PASS');
    expect(text).toContain('client1 → isp2 gw 192.0.2.1 → router 192.0.2.10 (eth0:0) → reply via isp1');
  });

  it('produces a non-blank 1280×1600 screenshot', async () => {
    const bytes = await readFile(png);
    const summary = inspectPng(bytes);
    expect({ width: summary.width, height: summary.height }).toEqual({ width: 1280, height: 1600 });
    expect(bytes.length).toBeGreaterThan(20_000);
    expect(summary.distinctBytes).toBeGreaterThan(50);
    expect(summary.distinctPixels).toBeGreaterThan(10);
  });
});
