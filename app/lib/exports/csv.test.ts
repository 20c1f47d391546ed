import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvRecord, neutralizeFormula, parseCsv as parse } from './csv';

describe('CSV fields', () => {
  it.each([
    ['揭榜挂帅', '揭榜挂帅'],
    ['3,785', '"3,785"'],
    ['他说"好"', '"他说""好"""'],
    ['一行\r\n两行', '"一行\r\n两行"'],
    ['', ''],
  ])('writes %j as %j: quoted only for a quote, a comma or a line break', (field, text) => {
    expect(csvField(field)).toBe(text);
  });

  it('ends a record with CRLF, each field quoted as it needs', () => {
    expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('reads back any fields as they were written', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1 })), (rows) => {
        const text = rows.map(csvRecord).join('');
        expect(parse(text)).toEqual(rows);
      }),
    );
  });

  it('keeps a formula from starting a cell', () => {
    for (const attack of [
      '=HYPERLINK("http://evil.example","点我")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1+1',
      '\r=1+1',
    ])
      expect(neutralizeFormula(attack)).toBe(`'${attack}`);
    for (const harmless of ['高性能陶瓷', '1=1', 'a-b', '', ' =1'])
      expect(neutralizeFormula(harmless)).toBe(harmless);
    // a neutralised field still reads back whole
    const title = '=HYPERLINK("http://evil.example","点我")';
    expect(parse(csvRecord([neutralizeFormula(title)]))).toEqual([[`'${title}`]]);
  });

  it('starts the file with the UTF-8 byte order mark', () => {
    expect([...new TextEncoder().encode(CSV_BOM)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
