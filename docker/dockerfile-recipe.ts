/** What the offline build takes from the Dockerfile, so both build paths share one recipe. */
export type DockerfileRecipe = {
  /** The base image reference of the FROM line, e.g. `debian:bookworm-slim`. */
  readonly base: string;
  /** Debian suite of the `FROM debian:<suite>[-slim]` line, e.g. `bookworm`. */
  readonly suite: string;
  /** CMD, ENTRYPOINT, ENV, LABEL, WORKDIR and USER lines, passed to `docker import --change`. */
  readonly changes: readonly string[];
};

const IMPORTABLE = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'LABEL', 'WORKDIR', 'USER', 'EXPOSE', 'STOPSIGNAL']);

/** Reads the suite and the image metadata out of a Dockerfile's text. */
export function parseDockerfile(text: string): DockerfileRecipe {
  let suite: string | undefined;
  let base = '';
  const changes: string[] = [];
  for (const line of joinContinuations(text)) {
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = (match[1] ?? '').toUpperCase();
    const rest = match[2] ?? '';
    if (instruction === 'FROM') {
      const from = /^(?:docker\.io\/)?(?:library\/)?debian:([a-z]+)(?:-slim)?(?:\s|$)/.exec(rest);
      if (!from?.[1]) throw new Error(`the Dockerfile's FROM must be debian:<suite>[-slim], got "${rest}"`);
      suite = from[1];
      base = rest.split(/\s+/)[0] ?? '';
    } else if (IMPORTABLE.has(instruction)) {
      changes.push(`${instruction} ${rest}`);
    }
  }
  if (suite === undefined) throw new Error('the Dockerfile has no FROM line');
  return { base, suite, changes };
}

/** The package names of packages.txt: one a line, `#` starts a comment. */
export function parsePackages(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}

function joinContinuations(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(current + line);
    current = '';
  }
  if (current !== '') lines.push(current);
  return lines;
}
