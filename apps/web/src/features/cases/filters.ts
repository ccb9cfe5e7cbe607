/**
 * Case filters live in the URL (`/cases?batchId=3&status=paused`), so links and reloads keep them —
 * except the search text, which may be an ID, card or phone number and never goes into a URL
 * (issue 3 point 4); the page keeps it in memory.
 */
import type { CaseFilter } from '@recova/contracts';
import type { CaseListParams, CaseSort } from './api';

const NUM_KEYS = ['clientId', 'batchId', 'dpdMin', 'dpdMax', 'amountMin', 'amountMax', 'assignedUserId'] as const;
const STR_KEYS = ['status', 'bucket', 'region'] as const;
const SORTS: CaseSort[] = ['id', 'placedAmount', 'dpd', 'debtorName', 'placementDate', 'clientCaseRef'];

export function filterFromParams(p: URLSearchParams): CaseFilter {
  const f: Record<string, unknown> = {};
  for (const k of NUM_KEYS) {
    const v = p.get(k);
    if (v !== null && v !== '' && /^\d+$/.test(v)) f[k] = Number(v);
  }
  for (const k of STR_KEYS) {
    const v = p.get(k);
    if (v) f[k] = v;
  }
  return f as CaseFilter;
}

export function listParamsFromParams(p: URLSearchParams): CaseListParams {
  const sort = p.get('sort') as CaseSort | null;
  const page = Number(p.get('page'));
  const pageSize = Number(p.get('pageSize'));
  return {
    ...filterFromParams(p),
    sort: sort && SORTS.includes(sort) ? sort : 'id',
    order: p.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: [10, 20, 50, 100, 200].includes(pageSize) ? pageSize : 20,
  };
}

export function paramsFromList(l: Partial<CaseListParams>): URLSearchParams {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(l)) {
    if (v === undefined || v === null || v === '') continue;
    if (k === 'q') continue;
    if (k === 'sort' && v === 'id') continue;
    if (k === 'order' && v === 'asc') continue;
    if (k === 'page' && v === 1) continue;
    if (k === 'pageSize' && v === 20) continue;
    sp.set(k, String(v));
  }
  return sp;
}

/** Removes paging/sorting from list params. */
export function onlyFilter(l: CaseListParams): CaseFilter {
  const { sort: _s, order: _o, page: _p, pageSize: _ps, ...f } = l;
  return f;
}
