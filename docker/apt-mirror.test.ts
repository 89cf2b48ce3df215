import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDebianMirror, readAptSources } from './apt-mirror.js';

const deb822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://mirror.example.net/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example.net/debian-security
Suites: bookworm-security
Components: main
`;

describe('findDebianMirror', () => {
  it('reads the deb822 URIs of the stanza that carries the suite', () => {
    expect(
      findDebianMirror([{ path: '/etc/apt/sources.list.d/debian.sources', text: deb822 }], 'bookworm'),
    ).toEqual({
      uri: 'http://mirror.example.net/debian',
      suites: ['bookworm', 'bookworm-updates'],
      components: ['main'],
      signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg',
    });
  });

  it('reads one-line deb entries with options and skips deb-src and comments', () => {
    const text = [
      '# deb http://commented.example/debian bookworm main',
      'deb-src http://src.example/debian bookworm main',
      'deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian bookworm main contrib',
    ].join('\n');
    expect(findDebianMirror([{ path: '/etc/apt/sources.list', text }], 'bookworm')).toEqual({
      uri: 'http://one.example/debian',
      suites: ['bookworm'],
      components: ['main', 'contrib'],
      signedBy: '/k.gpg',
    });
  });

  it('falls back to a plain release of another suite, never to the security archive', () => {
    const text =
      'deb http://sec.example/debian-security trixie-security main\ndeb http://m.example/debian trixie main\n';
    expect(findDebianMirror([{ path: '/etc/apt/sources.list', text }], 'bookworm')?.uri).toBe(
      'http://m.example/debian',
    );
  });

  it('skips disabled stanzas and finds nothing on a machine without sources', () => {
    const disabled = deb822.replace('Types: deb\n#', 'Types: deb\nEnabled: no\n#');
    expect(findDebianMirror([{ path: 'x.sources', text: disabled }], 'bookworm')).toBeUndefined();
    expect(findDebianMirror([], 'bookworm')).toBeUndefined();
  });
});

describe('readAptSources', () => {
  it('reads sources.list and only the .list and .sources files of sources.list.d', async () => {
    const root = await mkdtemp(join(tmpdir(), 'apt-'));
    try {
      await mkdir(join(root, 'sources.list.d'));
      await writeFile(join(root, 'sources.list'), 'deb http://a.example/debian bookworm main\n');
      await writeFile(join(root, 'sources.list.d', 'b.sources'), deb822);
      await writeFile(
        join(root, 'sources.list.d', 'c.list.disabled'),
        'deb http://c.example/debian x main\n',
      );
      const files = await readAptSources(root);
      expect(files.map((file) => file.path)).toEqual([
        join(root, 'sources.list'),
        join(root, 'sources.list.d', 'b.sources'),
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
