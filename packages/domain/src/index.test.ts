import { describe, expect, it } from 'vitest';
import * as domain from './index.ts';

describe('@recova/domain index', () => {
  it('re-exports the public API', () => {
    for (const name of [
      'cellText', 'isBlank', 'matchHeader', 'normalizeHeader', 'FIELD_BY_KEY', 'CONTACT_FIELD_BY_KEY', 'normalizeRow',
      'parseMoney', 'formatMoney', 'parseDecimalToMinor', 'parseIdNumber', 'parseCardNumber', 'parseIdentifier', 'luhnValid',
      'maskIdNumber', 'maskPhone', 'maskName', 'parsePhone', 'phoneKind', 'parseDate', 'daysBetween', 'addDays',
      'DEFAULT_BUCKETS', 'dpdFromOverdueDate', 'bucketOf', 'dpdRangeOfBucket', 'validateBuckets',
    ])
      expect(domain, name).toHaveProperty(name);
  });
});
