import { inflateSync } from 'node:zlib';
import { LabError } from '../../lab/index.js';

/** What a PNG holds, enough to tell a real screenshot from a blank or broken one. */
export type PngSummary = {
  readonly width: number;
  readonly height: number;
  /** Distinct byte values in the inflated image data (a blank page has very few). */
  readonly distinctBytes: number;
  /** Distinct RGB(A) pixels among a sample of scanlines. */
  readonly distinctPixels: number;
};

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Parses the signature, IHDR and IDAT chunks; throws when the bytes are not a PNG. */
export function inspectPng(bytes: Buffer): PngSummary {
  if (!bytes.subarray(0, 8).equals(SIGNATURE))
    throw new LabError('HARNESS_FAILED', 'not a PNG: bad signature', { source: 'system' });
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = ({ 2: 3, 6: 4, 0: 1, 4: 2 } as Record<number, number>)[data.readUInt8(9)] ?? 0;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (width === 0 || idat.length === 0)
    throw new LabError('HARNESS_FAILED', 'not a PNG: missing IHDR or IDAT', { source: 'system' });
  const raw = inflateSync(Buffer.concat(idat));
  const bytesSeen = new Set<number>();
  for (const b of raw) bytesSeen.add(b);
  return {
    width,
    height,
    distinctBytes: bytesSeen.size,
    distinctPixels: samplePixels(raw, width, height, channels),
  };
}

// Unfilters every scanline (PNG filters 0–4) and counts distinct pixels.
function samplePixels(raw: Buffer, width: number, height: number, channels: number): number {
  if (channels === 0) return 0;
  const stride = width * channels;
  let previous = Buffer.alloc(stride);
  const pixels = new Set<string>();
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const filter = raw[start] ?? 0;
    const line = Buffer.from(raw.subarray(start + 1, start + 1 + stride));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (line[x - channels] ?? 0) : 0;
      const b = previous[x] ?? 0;
      const c = x >= channels ? (previous[x - channels] ?? 0) : 0;
      const value = line[x] ?? 0;
      line[x] = (value + predictor(filter, a, b, c)) & 0xff;
    }
    if (y % 8 === 0) {
      for (let x = 0; x < stride; x += channels * 4)
        pixels.add(line.subarray(x, x + channels).toString('hex'));
    }
    previous = line;
  }
  return pixels.size;
}

function predictor(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return Math.floor((a + b) / 2);
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      return 0;
  }
}
