import { describe, expect, it } from 'vitest';
import {
  catalogueHref,
  catalogueSearchTerms,
  catalogueSearchParams,
  decodeCursor,
  DEFAULT_QUERY,
  encodeCursor,
  fenToWanParam,
  cutToLength,
  isFiltered,
  MAX_QUERY_LENGTH,
  openDeadlineFrom,
  parseCatalogueQuery,
} from './catalogue-query';
import { effectiveNeedStatus, isPastDeadline } from './need';

const parse = (search: string) => parseCatalogueQuery(new URLSearchParams(search));

describe('reading the catalogue query from a URL', () => {
  it('gives the defaults for an empty URL', () => {
    expect(parse('')).toEqual(DEFAULT_QUERY);
  });

  it('reads every part', () => {
    const cursor = encodeCursor({
      sort: 'deadline',
      value: new Date('2021-06-30T16:00:00Z'),
      id: 'c1',
    });
    expect(
      parse(
        `q=${encodeURIComponent('  陶瓷   Bearing ')}&field=先进陶瓷&bounty=fixed&min=50&max=120.5&state=closed&event=ev-equipment&sort=deadline&after=${cursor}`,
      ),
    ).toEqual({
      q: '陶瓷 Bearing',
      field: '先进陶瓷',
      bounty: 'fixed',
      minFen: 50_000_000,
      maxFen: 120_500_000,
      state: 'closed',
      event: 'ev-equipment',
      sort: 'deadline',
      after: cursor,
    });
  });

  it('drops values that do not fit to their defaults, never failing', () => {
    expect(
      parse(
        'field=航天&bounty=maybe&min=-5&max=1e3&state=ajar&event=EV%20X&sort=random&after=%3Cscript%3E',
      ),
    ).toEqual(DEFAULT_QUERY);
    expect(parse('min=0.0000001').minFen).toBeNull(); // finer than one fen
    expect(parse('min=abc&max=').maxFen).toBeNull();
    expect(parse('q=%20%20%20').q).toBe('');
  });

  it('parses 万元 exactly, with the separators the site prints', () => {
    expect(parse('min=0.1').minFen).toBe(100_000);
    expect(parse('min=1,200').minFen).toBe(1_200_000_000);
    expect(parse('min=0').minFen).toBe(0);
    expect(parse('max=0.000001').maxFen).toBe(1);
  });

  it('reads a reversed range the way it was meant', () => {
    const q = parse('min=200&max=50');
    expect([q.minFen, q.maxFen]).toEqual([50_000_000, 200_000_000]);
  });

  it('ignores a bounty range when only open bounties are asked for', () => {
    const q = parse('bounty=open&min=10&max=20');
    expect([q.bounty, q.minFen, q.maxFen]).toEqual(['open', null, null]);
  });

  it('bounds the search text', () => {
    expect(parse(`q=${'字'.repeat(500)}`).q).toHaveLength(MAX_QUERY_LENGTH);
  });

  it('cuts a 2,000-character Chinese link to the search box’s length, whole characters only', () => {
    const long = new URLSearchParams({ q: '揭榜挂帅'.repeat(500) });
    expect(parseCatalogueQuery(long).q).toBe('揭榜挂帅'.repeat(25));
    // a character outside the BMP is two code units: never cut in half (a U+FFFD on the page)
    const astral = parse(`q=${encodeURIComponent('a' + '𠀀'.repeat(60))}`).q;
    expect(astral).toBe('a' + '𠀀'.repeat(49));
    expect(cutToLength('ab', 5)).toBe('ab');
  });
});

describe('writing the query back', () => {
  it('leaves defaults out, so the plain catalogue is a bare path', () => {
    expect(catalogueHref(DEFAULT_QUERY)).toBe('/challenges');
    expect(catalogueHref(DEFAULT_QUERY, { sort: 'bounty' })).toBe('/challenges?sort=bounty');
  });

  it('round-trips every part', () => {
    const search =
      'q=%E9%99%B6%E7%93%B7+bearing&field=%E5%85%88%E8%BF%9B%E9%99%B6%E7%93%B7&bounty=fixed&min=50&max=120.5&state=open&event=ev-electronics&sort=bounty';
    const query = parse(search);
    expect(catalogueSearchParams(query).toString()).toBe(search);
    expect(parse(catalogueSearchParams(query).toString())).toEqual(query);
  });

  it('applies changes, e.g. the next page or a new sort', () => {
    const query = parse('q=陶瓷&after=abc');
    expect(catalogueSearchParams(query, { after: 'xyz' }).get('after')).toBe('xyz');
    const sorted = catalogueSearchParams(query, { sort: 'deadline', after: null });
    expect(sorted.get('sort')).toBe('deadline');
    expect(sorted.has('after')).toBe(false);
    expect(sorted.get('q')).toBe('陶瓷');
  });

  it('writes 万元 as the shortest exact decimal', () => {
    expect(fenToWanParam(50_000_000)).toBe('50');
    expect(fenToWanParam(1_500_000)).toBe('1.5');
    expect(fenToWanParam(1)).toBe('0.000001');
    expect(fenToWanParam(0)).toBe('0');
    expect(() => fenToWanParam(-1)).toThrow(RangeError);
  });

  it('tells a narrowed list from the plain one', () => {
    expect(isFiltered(DEFAULT_QUERY)).toBe(false);
    expect(isFiltered(parse('sort=bounty&after=abc'))).toBe(false);
    for (const s of [
      'q=x',
      'field=氢能',
      'bounty=open',
      'min=1',
      'max=1',
      'state=open',
      'event=ev-a',
    ])
      expect(isFiltered(parse(s))).toBe(true);
  });
});

describe('keyset cursors', () => {
  const at = new Date('2021-05-18T00:00:00+08:00');

  it('round-trip for every sort and are opaque base64url', () => {
    for (const key of [
      { sort: 'newest', value: at, id: 'cm1abc' },
      { sort: 'deadline', value: at, id: 'cm1abc' },
      { sort: 'bounty', value: 260_000_000, id: 'cm1abc' },
      { sort: 'bounty', value: null, id: 'cm1abc' },
    ] as const) {
      const cursor = encodeCursor(key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(key.sort, cursor)).toEqual(key);
      expect(parse(`after=${cursor}`).after).toBe(cursor);
    }
  });

  it('mean the first page when malformed or made for another sort', () => {
    const newest = encodeCursor({ sort: 'newest', value: at, id: 'x' });
    expect(decodeCursor('deadline', newest)).toBeNull();
    expect(decodeCursor('bounty', newest)).toBeNull();
    expect(decodeCursor('newest', null)).toBeNull();
    expect(decodeCursor('newest', 'not-a-cursor')).toBeNull();
    expect(decodeCursor('newest', '!!!')).toBeNull();
    const forge = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, '');
    expect(decodeCursor('newest', forge(['n', 'yesterday', 'x']))).toBeNull();
    expect(decodeCursor('newest', forge(['n', at.toISOString(), "x' OR 1=1"]))).toBeNull();
    expect(decodeCursor('bounty', forge(['b', -1, 'x']))).toBeNull();
    expect(decodeCursor('bounty', forge(['b', 1.5, 'x']))).toBeNull();
    expect(decodeCursor('bounty', forge({ a: 1 }))).toBeNull();
  });
});

describe('open or closed, as a condition on the stored deadline', () => {
  it('agrees with effectiveNeedStatus at every hour around a deadline', () => {
    // deadlines stored as the start of a Shanghai day, and one with a stray time of day
    const deadlines = [
      new Date('2021-08-31T00:00:00+08:00'),
      new Date('2021-08-31T15:30:00+08:00'),
      new Date('2021-08-30T23:59:59+08:00'),
    ];
    const start = new Date('2021-08-29T00:00:00+08:00').getTime();
    for (let h = 0; h < 24 * 4; h++) {
      const now = new Date(start + h * 3_600_000 + 1234);
      for (const deadline of deadlines) {
        const openByQuery = deadline.getTime() >= openDeadlineFrom(now).getTime();
        expect(openByQuery).toBe(!isPastDeadline(deadline, now));
        expect(openByQuery).toBe(effectiveNeedStatus('PUBLISHED', deadline, now) === 'PUBLISHED');
      }
    }
  });

  it('keeps a deadline day open until midnight in Shanghai', () => {
    const deadline = new Date('2021-08-31T00:00:00+08:00');
    expect(deadline >= openDeadlineFrom(new Date('2021-08-31T23:59:59.999+08:00'))).toBe(true);
    expect(deadline >= openDeadlineFrom(new Date('2021-09-01T00:00:00+08:00'))).toBe(false);
  });
});

describe('search terms', () => {
  it('are normalised like the stored search text', () => {
    expect(catalogueSearchTerms('  ＲＶ  减速器 rv ')).toEqual(['rv', '减速器']);
  });

  it('keep LIKE’s wildcards and escape character, which are matched literally', () => {
    expect(catalogueSearchTerms('20% a_b c\\d ％')).toEqual(['20%', 'a_b', 'c\\d', '%']);
    expect(catalogueSearchTerms('_')).toEqual(['_']);
    expect(catalogueSearchTerms('a b c d e f g h i j')).toHaveLength(8);
  });
});
