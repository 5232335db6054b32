import { filterIsSubset, filtersOverlap, isValidFilter, subjectMatches } from '../src';

describe('NATS subject matching', () => {
  it.each([
    ['a.b.c', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.b.d', false],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a.b', true],
    ['a.>', 'a', false],
    ['>', 'a', true],
    ['*.b.>', 'x.b.c.d', true],
    ['a.b', 'a.b.c', false],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  it('knows when one filter is inside another and when two overlap', () => {
    expect(filterIsSubset('registry.company.*', 'registry.>')).toBe(true);
    expect(filterIsSubset('registry.>', 'registry.company.*')).toBe(false);
    expect(filterIsSubset('registry.>', 'registry.>')).toBe(true);
    expect(filterIsSubset('*.company.x', 'registry.>')).toBe(false);
    expect(filtersOverlap('*.company.x', 'registry.>')).toBe(true);
    expect(filtersOverlap('identity.>', 'registry.>')).toBe(false);
    expect(filtersOverlap('a.>', 'a')).toBe(false);
  });

  it('validates filters', () => {
    expect(isValidFilter('a.*.>')).toBe(true);
    expect(isValidFilter('a.>.b')).toBe(false);
    expect(isValidFilter('a..b')).toBe(false);
    expect(isValidFilter('a b')).toBe(false);
  });
});
