import { describe, expect, it } from 'vitest';
import { filterFromParams, listParamsFromParams, onlyFilter, paramsFromList } from './filters';

describe('case filters in the URL', () => {
  it('reads numbers and strings, ignores junk', () => {
    const f = filterFromParams(new URLSearchParams('batchId=3&amountMin=10050&dpdMax=x&status=paused&q=13800138000'));
    // the search text is never read from or written to the URL (it may be a phone or ID number)
    expect(f).toEqual({ batchId: 3, amountMin: 10050, status: 'paused' });
    expect(paramsFromList({ batchId: 3, q: '13800138000' }).toString()).toBe('batchId=3');
  });
  it('defaults paging and sorting and round-trips', () => {
    const l = listParamsFromParams(new URLSearchParams('clientId=1&sort=dpd&order=desc&page=2&pageSize=50'));
    expect(l).toEqual({ clientId: 1, sort: 'dpd', order: 'desc', page: 2, pageSize: 50 });
    expect(paramsFromList(l).toString()).toBe('clientId=1&sort=dpd&order=desc&page=2&pageSize=50');
    expect(onlyFilter(l)).toEqual({ clientId: 1 });
    const d = listParamsFromParams(new URLSearchParams('sort=evil&pageSize=7'));
    expect(d).toMatchObject({ sort: 'id', order: 'asc', page: 1, pageSize: 20 });
    expect(paramsFromList(d).toString()).toBe('');
  });
});
