/** Multihome's default share of the 32-bit mark: the low byte, as mwan3 and Shorewall use by default. */
export const DEFAULT_MARK_MASK = 0xff;

/** Turns `markMask` as written (number or "0xff00") into a number, or a message saying why it can't be used. */
export function parseMarkMask(value: number | string | undefined): number | string {
  if (value === undefined) return DEFAULT_MARK_MASK;
  const mask = typeof value === 'number' ? value : Number.parseInt(value.slice(2), 16);
  if (!Number.isInteger(mask) || mask < 1 || mask > 0xffffffff) {
    return `mark mask ${String(value)} must be between 0x1 and 0xffffffff`;
  }
  return mask;
}

/** How many uplinks fit in the mask: marks count up from its lowest set bit and must stay inside it. */
export function markCapacity(mask: number): number {
  const shifted = mask / 2 ** lowestSetBit(mask);
  let run = 0;
  while (run < 32 && Math.floor(shifted / 2 ** run) % 2 === 1) run++;
  return 2 ** run - 1;
}

/** Mark of the uplink at `index`: index + 1, shifted to the mask's lowest set bit. */
export function markFor(index: number, mask: number): number {
  return (index + 1) * 2 ** lowestSetBit(mask);
}

/** True when `mark` has no bit outside `mask` (so masked matches can never see foreign bits). */
export function markFits(mark: number, mask: number): boolean {
  return mark <= 0xffffffff && (mark & ~mask) >>> 0 === 0;
}

function lowestSetBit(mask: number): number {
  let bit = 0;
  while (bit < 31 && ((mask >>> bit) & 1) === 0) bit++;
  return bit;
}
