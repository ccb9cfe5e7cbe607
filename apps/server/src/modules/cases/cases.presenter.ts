/**
 * Presenters: the allow-list of case fields sent to clients, with personal data masked for every
 * role (design.md §6.5; issue 3 point 4). Full values only through the audited reveal
 * (cases.reveal.ts). List rows carry the stored masked forms, so lists never decrypt.
 */
import type { CaseListItem } from '@recova/contracts';
import { maskName } from '@recova/domain/identity/id-number';
import { bucketOf } from '@recova/domain/aging/aging';

export interface CaseListRow {
  id: number;
  client_case_ref: string | null;
  client_id: number;
  client_code: string;
  batch_id: number;
  batch_no: string;
  debtor_name: string | null;
  /** plaintext masked form stored next to the encrypted ID (ADR 0007) */
  id_number_masked: string | null;
  /** masked form of the debtor's first phone (mobile first) */
  mobile_masked: string | null;
  currency: string;
  placed_amount: number | null;
  outstanding_amount: number | null;
  dpd: number | null;
  client_dpd: number | null;
  region: string | null;
  province: string | null;
  status: string;
  assigned_user_id: number | null;
  assigned_user_name: string | null;
  placement_date: string | null;
}

export function presentListItem(r: CaseListRow): CaseListItem {
  const dpd = r.dpd === null ? null : Math.max(0, Number(r.dpd));
  return {
    id: r.id,
    clientCaseRef: r.client_case_ref ?? `#${r.id}`,
    clientId: r.client_id,
    clientCode: r.client_code,
    batchId: r.batch_id,
    batchNo: r.batch_no,
    debtorName: r.debtor_name ? maskName(r.debtor_name) : null,
    idNumberMasked: r.id_number_masked,
    mobileMasked: r.mobile_masked,
    currency: r.currency.trim(),
    placedAmount: r.placed_amount,
    outstanding: r.outstanding_amount,
    dpd,
    bucket: dpd === null ? null : bucketOf(dpd),
    clientDpd: r.client_dpd,
    region: r.region,
    province: r.province,
    status: r.status as CaseListItem['status'],
    assignedUserId: r.assigned_user_id,
    assignedUserName: r.assigned_user_name,
    placementDate: r.placement_date,
  };
}
