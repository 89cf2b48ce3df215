/** What both build paths are asked to produce: an image of `dir`'s recipe under `tag`. */
export type BuildTarget = {
  /** The docker/ directory: Dockerfile, packages.txt, slim-rootfs.sh. */
  readonly dir: string;
  /** `repository:tag` to build or import as. */
  readonly tag: string;
  /** Labels stamped on the image. */
  readonly labels: Readonly<Record<string, string>>;
  /** One line per step. */
  readonly log: (line: string) => void;
};
