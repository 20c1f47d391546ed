import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { applicationSchema, fenToWanInput } from './applications';
import { errorsOf, formData } from './form-data.testkit';

const valid = {
  institution: '青岛大学',
  approach: '方案',
  schedule: '进度',
  budgetWan: '320.5',
  'members[0].name': '管志成',
  'members[0].role': '项目负责人',
};

describe('the application form', () => {
  it('turns 万元 into exact fen and keeps the roster', () => {
    const r = parseWithZod(formData({ ...valid, requestedWan: '0.000001', intent: 'submit' }), {
      schema: applicationSchema('OPEN'),
    });
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value).toEqual({
      intent: 'submit',
      institution: '青岛大学',
      approach: '方案',
      schedule: '进度',
      budgetFen: 320_500_000,
      requestedFen: 1,
      members: [{ name: '管志成', role: '项目负责人', title: null }],
    });
  });

  it('reports every field’s error at once, the amounts included', () => {
    const r = parseWithZod(formData({ ...valid, approach: '', budgetWan: '-1' }), {
      schema: applicationSchema('OPEN'),
    });
    expect(r.status).toBe('error');
    expect(errorsOf(r)).toMatchObject({
      approach: ['validation.required'],
      budgetWan: ['applications.errors.amountNegative'],
      requestedWan: ['applications.errors.requestedRequired'],
    });
  });

  it('refuses a requested amount on a fixed bounty, and any unparseable one', () => {
    for (const requestedWan of ['100', 'abc', '-1']) {
      const r = parseWithZod(formData({ ...valid, requestedWan }), {
        schema: applicationSchema('FIXED'),
      });
      expect(errorsOf(r).requestedWan, requestedWan).toEqual([
        'applications.errors.requestedNotAllowed',
      ]);
    }
    const ok = parseWithZod(formData(valid), { schema: applicationSchema('FIXED') });
    expect(ok.status === 'success' && ok.value.requestedFen).toBeNull();
  });

  it('checks amounts exactly', () => {
    const err = (budgetWan: string) =>
      errorsOf(
        parseWithZod(formData({ ...valid, budgetWan }), { schema: applicationSchema('FIXED') }),
      ).budgetWan;
    expect(err('0')).toBeUndefined();
    expect(err('50000')).toBeUndefined();
    expect(err('50000.000001')).toEqual(['applications.errors.amountTooLarge']);
    expect(err('1.0000001')).toEqual(['applications.errors.amountPrecision']);
    expect(err('1e3')).toEqual(['applications.errors.amountInvalid']);
  });

  it('prints fen back as 万元 for the edit form', () => {
    expect(fenToWanInput(null)).toBe('');
    expect(fenToWanInput(0)).toBe('0');
    expect(fenToWanInput(1_234_500_000)).toBe('1234.5');
    expect(fenToWanInput(1)).toBe('0.000001');
  });
});
