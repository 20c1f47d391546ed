import { describe, expect, it } from 'vitest';
import needsSeed from '../../seeds/needs.json';
import {
  cosine,
  mostSimilar,
  needVectors,
  probeTokens,
  SIMILAR_THRESHOLD,
  similarity,
  tokens,
  vector,
  type NeedText,
} from './need-similarity';

const seed = needsSeed as (NeedText & { ref: string; createdAt: string })[];
const byRef = (ref: string) => seed.find((n) => n.ref === ref)!;
const score = (a: NeedText, b: NeedText) => similarity(needVectors(a), needVectors(b));

// N-2021-001 (RV reducers) written again by another enterprise, in other words
const rvAgainZh: NeedText = {
  title: '提升工业机器人RV减速器的使用寿命',
  background:
    '公司已具备关节机器人批量生产能力，但RV减速器仍主要外购日本产品，约占整机成本三分之一。自研RV减速器样件精度保持性差，运行2000小时后回差增大50%以上，需开展摆线轮齿廓修形和装配工艺攻关。',
};
// the same, its English title carrying the likeness
const rvAgainEn: NeedText = {
  title: '工业机器人减速器',
  titleEn: 'Extending the life of high-precision RV reducers in industrial robots',
  background: 'Our RV reducer samples lose precision after 2000 hours.',
};
// a related but different need: harmonic drives of collaborative robots
const harmonic: NeedText = {
  title: '协作机器人谐波减速器柔轮疲劳寿命提升',
  background:
    '公司生产协作机器人，谐波减速器柔轮在长期运行后出现疲劳断裂，需要改进柔轮材料与热处理工艺，提高疲劳寿命。',
};

describe('tokens', () => {
  it('cuts Chinese into character bigrams and Latin into lower-cased words', () => {
    expect(tokens('高精度RV减速器')).toEqual(['高精', '精度', 'rv', '减速', '速器']);
    expect(tokens('Life extension of RV Reducers')).toEqual(['life', 'extension', 'rv', 'reducer']);
  });

  it('folds full-width letters and keeps a lone Chinese character', () => {
    expect(tokens('ＲＶ 泵')).toEqual(['rv', '泵']);
    expect(tokens('')).toEqual([]);
    expect(tokens('，。！')).toEqual([]);
  });
});

describe('cosine', () => {
  it('is 1 for the same text, 0 for nothing in common or a missing text', () => {
    expect(cosine(vector('氢燃料电池'), vector('氢燃料电池'))).toBeCloseTo(1);
    expect(cosine(vector('氢燃料电池'), vector('碳纤维'))).toBe(0);
    expect(cosine(vector(null), vector('碳纤维'))).toBe(0);
  });
});

describe('similarity', () => {
  it('is 100 for a need against itself and symmetric', () => {
    const rv = byRef('N-2021-001');
    expect(score(rv, rv)).toBe(100);
    expect(score(rv, rvAgainZh)).toBe(score(rvAgainZh, rv));
  });

  it('finds a Chinese near-duplicate above the threshold', () => {
    expect(score(rvAgainZh, byRef('N-2021-001'))).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD + 10);
  });

  it('finds a near-duplicate by its English title', () => {
    expect(score(rvAgainEn, byRef('N-2021-001'))).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
  });

  it('keeps a related but different need below the threshold', () => {
    expect(score(harmonic, byRef('N-2021-001'))).toBeLessThan(SIMILAR_THRESHOLD);
    // probiotic fermentation against probiotic drinks: same word, different needs
    expect(score(byRef('N-2021-068'), byRef('N-2021-078'))).toBeLessThan(SIMILAR_THRESHOLD);
  });

  it('finds no two of the programme’s 97 distinct needs similar', () => {
    const vectors = seed.map(needVectors);
    let highest = 0;
    for (let i = 0; i < vectors.length; i++)
      for (let j = 0; j < i; j++) highest = Math.max(highest, similarity(vectors[i]!, vectors[j]!));
    expect(highest).toBeLessThan(SIMILAR_THRESHOLD);
  });
});

describe('mostSimilar', () => {
  const candidates = seed.map((n) => ({ ...n, id: n.ref, createdAt: new Date(n.createdAt) }));

  it('lists the near-duplicate first among the programme’s needs, with its figure', () => {
    const found = mostSimilar(rvAgainZh, candidates);
    expect(found.map((c) => c.ref)).toEqual(['N-2021-001']);
    expect(found[0]!.similarity).toBe(score(rvAgainZh, byRef('N-2021-001')));
  });

  it('orders by figure, then the newer first, and keeps at most `top`', () => {
    const copies = [1, 2, 3].map((i) => ({
      ...byRef('N-2021-001'),
      id: `c${i}`,
      createdAt: new Date(2021, 0, i),
    }));
    const found = mostSimilar(rvAgainZh, copies, { top: 2 });
    expect(found.map((c) => c.id)).toEqual(['c3', 'c2']);
    expect(mostSimilar(rvAgainZh, copies, { threshold: 101 })).toEqual([]);
  });
});

describe('probeTokens', () => {
  it('takes a few distinctive tokens of the titles', () => {
    expect(
      probeTokens({ title: '高精度RV减速器', titleEn: 'RV reducers', background: '' }),
    ).toEqual(['高精', '精度', '减速', '速器']);
    expect(probeTokens({ title: 'AB', titleEn: 'gear drives', background: '' }, 2)).toEqual([
      'gear',
      'drive',
    ]);
  });
});
