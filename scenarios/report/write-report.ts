import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Flow, Topology } from '../../lab/index.js';
import { type ReportInput, reportHtml } from './report-html.js';

/** What `--report DIR` needs: the flows, the topology, and where the lab left its pcaps. */
export type ReportSource = {
  readonly topology: Topology;
  readonly before: readonly Flow[];
  readonly after: readonly Flow[];
  readonly artifactsDir?: string;
  readonly mermaid?: string;
  readonly verdict?: ReportInput['verdict'];
};

/** Writes `DIR/index.html` and copies every pcap under `DIR/pcaps/`; returns the HTML path. */
export async function writeReport(dir: string, source: ReportSource): Promise<string> {
  await mkdir(join(dir, 'pcaps'), { recursive: true });
  const pcaps: string[] = [];
  for (const file of source.artifactsDir ? await pcapFiles(source.artifactsDir) : []) {
    const target = join(dir, 'pcaps', relative(source.artifactsDir ?? '', file).replaceAll('/', '_'));
    await copyFile(file, target);
    pcaps.push(`pcaps/${basename(target)}`);
  }
  const html = reportHtml({
    topology: source.topology,
    before: source.before,
    after: source.after,
    pcaps,
    generatedAt: new Date().toISOString(),
    ...(source.mermaid === undefined ? {} : { mermaid: source.mermaid }),
    ...(source.verdict === undefined ? {} : { verdict: source.verdict }),
  });
  const file = join(dir, 'index.html');
  await writeFile(file, html);
  return file;
}

async function pcapFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && /\.pcap(ng)?$/.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
}
