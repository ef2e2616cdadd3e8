// The one id schema every page, form and job payload reads ids with.
import { describe, expect, it } from 'vitest';
import { idOrNoneSchema, idSchema, MAX_ID, parseId } from '../../src/core/ids.js';

describe('parseId', () => {
  it('takes whole numbers from 1 to MAX_ID, as numbers or their digits', () => {
    for (const [value, id] of [['1', 1], ['42', 42], [42, 42], [String(MAX_ID), MAX_ID], [MAX_ID, MAX_ID]] as const) expect(parseId(value)).toBe(id);
  });

  it('refuses everything else: zero, negatives, past MAX_ID, fractions, padding, exponents, other types', () => {
    for (const value of ['0', 0, '-1', -1, String(MAX_ID + 1), MAX_ID + 1, '1.5', 1.5, '007', ' 7', '7 ', '1e3', '', 'abc', '12345678901', NaN, Infinity, null, undefined, [], {}, ['1']]) {
      expect(parseId(value), JSON.stringify(value)).toBeNull();
    }
  });

  it('is the schema the pages parse with', () => {
    expect(idSchema.safeParse('12').data).toBe(12);
    expect(idSchema.safeParse('x').success).toBe(false);
  });
});

describe('idOrNoneSchema (a filter where 0 means "none": no school, no group)', () => {
  it('takes 0 as well as every id', () => {
    for (const [value, id] of [['0', 0], [0, 0], ['12', 12], [MAX_ID, MAX_ID]] as const) expect(idOrNoneSchema.safeParse(value).data).toBe(id);
  });

  it('refuses what idSchema refuses, and other spellings of zero', () => {
    for (const value of ['00', '-0', '-1', -1, '0.0', String(MAX_ID + 1), '007', ' 0', '', 'abc', null]) {
      expect(idOrNoneSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
  });
});
