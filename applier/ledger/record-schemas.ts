import * as z from 'zod';

// The shapes of the files multihome keeps under /run/multihome, checked whenever one is read: a file
// of another shape is refused in one sentence, never taken for "nothing recorded".

const family = z.union([z.literal(4), z.literal(6)]);
const protocol = z.union([z.number(), z.string()]);

/** A route as the ledger and snapshots store it. */
export const routeSchema = z.object({
  family,
  table: z.number().int(),
  dst: z.string(),
  dev: z.string(),
  gateway: z.string().optional(),
  src: z.string().optional(),
  onlink: z.boolean().optional(),
  protocol,
  metric: z.number().int().optional(),
});

/** A rule as the ledger and snapshots store it. */
export const ruleSchema = z.object({
  family,
  priority: z.number().int(),
  table: z.number().int(),
  from: z.string().optional(),
  fwmark: z.number().int().optional(),
  fwmask: z.number().int().optional(),
  protocol,
});

/** An address as the ledger and snapshots store it. */
export const addressSchema = z.object({
  family,
  interface: z.string(),
  address: z.string(),
  prefixLength: z.number().int(),
  label: z.string().optional(),
});

const uplinkSchema = z.object({
  name: z.string(),
  interface: z.string(),
  label: z.string().optional(),
  family,
  address: z.string(),
  prefixLength: z.number().int(),
  network: z.string(),
  gateway: z.string(),
  onlink: z.boolean(),
  table: z.number().int(),
  priority: z.number().int(),
  markPriority: z.number().int(),
  mark: z.number().int(),
});

const configSchema = z.object({
  file: z.string(),
  uplinks: z.array(uplinkSchema),
  defaults: z.object({ 4: z.string().optional(), 6: z.string().optional() }),
  lan: z.array(z.string()),
  markMask: z.number().int(),
  probe: z.object({ 4: z.string(), 6: z.string() }),
  rpFilter: z.enum(['loose', 'keep']),
});

const strings = z.record(z.string(), z.string());

/** The ledger, version 2. */
export const ledgerSchema = z.object({
  version: z.literal(2),
  config: configSchema,
  addedAddresses: z.array(addressSchema),
  sysctlOriginals: strings,
  sysctlValues: strings,
  displacedDefaults: z.array(routeSchema),
  routes: z.array(routeSchema),
  rules: z.array(ruleSchema),
  retiredMarks: z.array(z.number().int()),
  waitingMarks: z.record(z.string(), z.number().int()).optional(),
});

/** What an apply or remove may touch, as it was before (see `Snapshot`). */
export const snapshotSchema = z.object({
  nsid: z.string(),
  routes: z.array(routeSchema),
  // Records written before this field compared the main defaults of both families.
  defaultFamilies: z.array(z.union([z.literal(4), z.literal(6)])).default([4, 6]),
  rules: z.array(ruleSchema),
  nftText: z.string().nullable(),
  sysctls: strings,
  touchedAddresses: z.array(addressSchema),
  addresses: z.array(addressSchema),
  files: z.record(z.string(), z.string().nullable()),
});

/** The write-ahead record of an apply or remove under way (see `Intent`). */
export const intentSchema = z.object({
  version: z.literal(1),
  operation: z.enum(['apply', 'remove']),
  startedAt: z.string(),
  pid: z.number().int(),
  snapshot: snapshotSchema,
  previousLedger: ledgerSchema.nullable(),
  nextLedger: ledgerSchema.nullable(),
  pendingId: z.string().optional(),
});

/** A pending `apply --confirm` (see `PendingRollback`). */
export const pendingSchema = z.object({
  version: z.literal(2),
  id: z.string(),
  createdAt: z.string(),
  seconds: z.number().int(),
  deadline: z.string(),
  snapshot: snapshotSchema,
  previousLedger: ledgerSchema.nullable(),
  problems: z.array(z.string()).optional(),
});
