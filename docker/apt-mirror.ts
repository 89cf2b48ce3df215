import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One apt source file's path and text, as read from /etc/apt. */
export type AptSourceFile = { readonly path: string; readonly text: string };

/** One `deb` entry of an apt source, from either file format. */
export type AptEntry = {
  readonly uri: string;
  readonly suites: readonly string[];
  readonly components: readonly string[];
  readonly signedBy?: string;
};

/** The mirror debootstrap should use for `suite`, chosen from the machine's own apt sources. */
export function findDebianMirror(files: readonly AptSourceFile[], suite: string): AptEntry | undefined {
  const entries = files.flatMap((file) =>
    file.path.endsWith('.sources') ? parseDeb822(file.text) : parseOneLine(file.text),
  );
  const usable = entries.filter((entry) => /^(https?|file):/.test(entry.uri));
  // The exact suite first; otherwise any plain release (not -security/-updates) of the same archive.
  return (
    usable.find((entry) => entry.suites.includes(suite)) ??
    usable.find((entry) => entry.suites.some((name) => /^[a-z]+$/.test(name)))
  );
}

/** Reads /etc/apt/sources.list and the `*.list`/`*.sources` files of sources.list.d. */
export async function readAptSources(root = '/etc/apt'): Promise<AptSourceFile[]> {
  const paths = [join(root, 'sources.list')];
  const dir = join(root, 'sources.list.d');
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    if (name.endsWith('.list') || name.endsWith('.sources')) paths.push(join(dir, name));
  }
  const files: AptSourceFile[] = [];
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) files.push({ path, text });
  }
  return files;
}

function parseDeb822(text: string): AptEntry[] {
  const entries: AptEntry[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let key: string | undefined;
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue;
      const field = /^([\w-]+):\s*(.*)$/.exec(line);
      if (field?.[1]) {
        key = field[1].toLowerCase();
        fields.set(key, field[2] ?? '');
      } else if (key && /^\s/.test(line)) {
        fields.set(key, `${fields.get(key) ?? ''} ${line.trim()}`);
      }
    }
    const words = (name: string) => (fields.get(name) ?? '').split(/\s+/).filter(Boolean);
    if (!words('types').includes('deb') || /^(no|false)$/i.test(fields.get('enabled') ?? '')) continue;
    const signedBy = fields.get('signed-by')?.trim();
    for (const uri of words('uris')) {
      entries.push({
        uri,
        suites: words('suites'),
        components: words('components'),
        ...(signedBy?.startsWith('/') ? { signedBy } : {}),
      });
    }
  }
  return entries;
}

function parseOneLine(text: string): AptEntry[] {
  const entries: AptEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!match?.[2] || !match[3]) continue;
    const signedBy = /(?:^|\s)signed-by=(\S+)/.exec(match[1] ?? '')?.[1];
    entries.push({
      uri: match[2],
      suites: [match[3]],
      components: (match[4] ?? '').split(/\s+/).filter(Boolean),
      ...(signedBy ? { signedBy } : {}),
    });
  }
  return entries;
}
