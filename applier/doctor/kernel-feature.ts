import { existsUnderRoot, type ProbeContext, readUnderRoot } from './probe-context.js';

/** How a kernel feature was found: in use now, loadable as a module, or not at all. */
export type FeatureState = 'present' | 'module' | 'missing';

/**
 * Whether the running kernel has a feature: one of its /proc or /sys paths exists (built in or loaded),
 * or its module is listed for this kernel release under /lib/modules (loaded on first use).
 */
export async function kernelFeature(
  context: ProbeContext,
  paths: readonly string[],
  module: string | undefined,
): Promise<FeatureState> {
  for (const path of paths) if (await existsUnderRoot(context, path)) return 'present';
  if (module === undefined) return 'missing';
  const release = (await readUnderRoot(context, 'proc/sys/kernel/osrelease'))?.trim();
  if (release === undefined) return 'missing';
  for (const list of ['modules.builtin', 'modules.dep']) {
    const text = await readUnderRoot(context, `lib/modules/${release}/${list}`);
    if (
      text?.split('\n').some((line) => line.split(':')[0]?.match(new RegExp(`/${module}\\.ko(\\.[a-z]+)?$`)))
    ) {
      return 'module';
    }
  }
  return 'missing';
}
