import { MultihomeError } from '../errors.js';
import { NFT_FAMILY, NFT_TABLE } from '../model/constants.js';
import type { Change, HostState, NftTable } from '../model/types.js';
import { isOwnNftTable } from './nftables.js';

/** The nftables change, if any: digests are compared, never nft's re-printed rules. */
export function planNft(state: HostState, table: NftTable | null): Change[] {
  const current = state.nftTable;
  if (current !== null && !isOwnNftTable(current)) {
    throw new MultihomeError(
      'STATE_CORRUPT',
      `nftables table ${NFT_FAMILY} ${NFT_TABLE} exists and was not created by multihome (its comment is ${current.comment === null ? 'missing' : `"${current.comment}"`}); multihome will not take it over: rename or delete it first`,
      { source: 'system' },
    );
  }
  if (table === null) {
    return current === null
      ? []
      : [nftDelete(current.comment, 'the config has no lan, so no marks are needed')];
  }
  if (current?.comment === table.digest) return [];
  const reason =
    current === null
      ? `table ${NFT_FAMILY} ${NFT_TABLE} is missing; forwarded replies need conntrack marks`
      : `table ${NFT_FAMILY} ${NFT_TABLE} has digest ${current.comment ?? 'none'}, the config wants ${table.digest}`;
  return [
    { action: current === null ? 'add' : 'replace', kind: 'nftables', family: null, object: table, reason },
  ];
}

/** Deleting multihome's nft table: the object names it; text is empty and digest what the host had. */
export function nftDelete(comment: string | null, reason: string): Change {
  const object: NftTable = { family: NFT_FAMILY, name: NFT_TABLE, text: '', digest: comment ?? '' };
  return { action: 'delete', kind: 'nftables', family: null, object, reason };
}
