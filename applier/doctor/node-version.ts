/** The oldest Node.js major version multihome runs on (`Set.prototype.union`, `--experimental-strip-types`). */
export const MIN_NODE_MAJOR = 22;

/** How to get a newer Node, said the same way by the bin's check and by doctor. */
export const NEWER_NODE_HINT =
  "install Node.js 22 or newer (https://nodejs.org, or `nvm install 24`), or run it through `npm run`, whose PATH puts the project's own Node 24 first";

/** The one sentence the bin prints below Node 22, or undefined when `version` is new enough. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return `multihome needs Node.js ${MIN_NODE_MAJOR} or newer but found ${version.replace(/^v?/, 'v')}: ${NEWER_NODE_HINT}.`;
}
