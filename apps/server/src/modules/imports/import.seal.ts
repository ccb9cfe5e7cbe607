/**
 * Seal a staged row before it is written to `import_rows` (ADR 0007): personal values encrypted in
 * Node, match keys built from blind indexes, so staging never holds plaintext identifiers. The row
 * hash was computed by `stageRow` over the plaintext row (re-importing the same file stays unchanged).
 */
import { maskIdNumber } from '@recova/domain/identity/id-number';
import { maskCard } from '@recova/domain/identity/masks';
import type { PiiCipher } from '../../platform/crypto.ts';
import { lookupBidx, sealColumns, type PiiTable } from '../security/pii.ts';
import type { StagedRow } from './import.staging.ts';

/** What `import_rows` stores for one valid row. */
export interface SealedRow {
  source_row: number;
  client_case_ref: string | null;
  /** blind indexes of the card number under every key of the ring (matching while a rotation is half done) */
  card_bidxs: string[] | null;
  id_bidxs: string[] | null;
  placement_date: string | null;
  /** ref:<case ref> | card:<card bidx>@<date> | id:<id bidx>@<date> */
  match_key: string | null;
  /** masked card or ID (or the case ref) shown in duplicate-row errors */
  match_shown: string | null;
  row_hash: string;
  data: Record<string, unknown>;
  children: Record<string, unknown[]>;
}

const CHILD_TABLE: Record<string, PiiTable | null> = {
  contacts: 'case_contacts',
  phones: 'case_phones',
  addresses: 'case_addresses',
  records: 'case_records',
  comments: null,
};

/** Encrypt and index a staged row. Pure apart from the cipher's random IVs. */
export function sealStagedRow(s: StagedRow, pii: PiiCipher): SealedRow {
  const card = s.card_number;
  const idNo = s.id_number;
  const cardB = card ? lookupBidx(pii, 'cases.card_number', card) : null;
  const idB = idNo ? lookupBidx(pii, 'cases.id_number', idNo) : null;
  let matchKey: string | null = null;
  let shown: string | null = null;
  if (s.client_case_ref) {
    matchKey = `ref:${s.client_case_ref}`;
    shown = s.client_case_ref;
  } else if (cardB?.length) {
    matchKey = `card:${cardB[0]}@${s.placement_date}`;
    shown = maskCard(card!);
  } else if (idB?.length) {
    matchKey = `id:${idB[0]}@${s.placement_date}`;
    shown = maskIdNumber(idNo!);
  }
  const children: Record<string, unknown[]> = {};
  for (const [k, list] of Object.entries(s.children)) {
    const table = CHILD_TABLE[k];
    children[k] = table ? list.map((x) => sealColumns(pii, table, x as Record<string, unknown>)) : list;
  }
  return {
    source_row: s.source_row,
    client_case_ref: s.client_case_ref,
    card_bidxs: cardB?.length ? cardB : null,
    id_bidxs: idB?.length ? idB : null,
    placement_date: s.placement_date,
    match_key: matchKey,
    match_shown: shown,
    row_hash: s.row_hash,
    data: sealColumns(pii, 'cases', s.data),
    children,
  };
}
