import { describe, expect, it } from 'vitest';
import { zh } from './zh';

// Chinese text takes full-width punctuation (，；：？！（）). ASCII stays legitimate where it is
// not prose: inside {{placeholders}}, URLs, numbers ("3,785"), times ("09:30") and codes.
const CJK = '[\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef“”‘’]';
const HAS_CJK = new RegExp(CJK);
const ADJACENT = new RegExp(`${CJK}[?!()]|[?!()]${CJK}`);

function entries(obj: object, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : entries(v as object, `${prefix}${k}.`),
  );
}

/** What is left of a string once the parts that may keep ASCII punctuation are taken out. */
function prose(text: string): string {
  return text
    .replace(/{{\s*[\w.]+\s*}}/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
    .replace(/\d[,:]\d/g, ' ');
}

/** The half-width marks in Chinese text: `,;:` anywhere, `?!()` next to a CJK character. */
function halfWidthInChinese(text: string): string[] {
  const rest = prose(text);
  if (!HAS_CJK.test(rest)) return [];
  const found = [...rest.matchAll(/[,;:]/g)].map((m) => m[0]);
  for (const m of rest.matchAll(new RegExp(ADJACENT, 'g'))) found.push(m[0]);
  return found;
}

describe('Chinese typography', () => {
  it('finds half-width marks in Chinese prose and leaves placeholders, numbers and URLs alone', () => {
    expect(halfWidthInChinese('可输入中文或英文;多个词用空格分开,须全部出现。')).toEqual([
      ';',
      ',',
    ]);
    expect(halfWidthInChinese('统计时间:{{time}}')).toEqual([':']);
    expect(halfWidthInChinese('榜额下限(万元)')).toEqual(['限(', '元)']);
    expect(halfWidthInChinese('确定吗?')).toEqual(['吗?']);
    expect(halfWidthInChinese('共 3,785 万元,于 09:30 开始')).toEqual([',']);
    expect(halfWidthInChinese('{{a}}, {{b}}')).toEqual([]);
    expect(halfWidthInChinese('详见 https://example.com/a?b=1,2')).toEqual([]);
    expect(halfWidthInChinese('例如 name@example.com')).toEqual([]);
    expect(halfWidthInChinese('Jiebang-Demo-2021!')).toEqual([]);
    expect(halfWidthInChinese('榜额下限（万元）：可留空，或填写整数。')).toEqual([]);
  });

  it('uses full-width punctuation in every Chinese string of the catalogue', () => {
    const offending = entries(zh)
      .map(([key, text]) => [key, halfWidthInChinese(text).join(' ')] as const)
      .filter(([, marks]) => marks);
    expect(offending).toEqual([]);
  });
});
