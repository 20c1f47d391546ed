import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { techRegistrationSchema, techRejectSchema } from './tech-registration';
import { errorsOf, formData } from './form-data.testkit';

const now = new Date('2026-12-06T05:00:00Z');
const submit = {
  intent: 'techRegistration',
  step: 'submit',
  category: 'CONSULTING',
  dealAmount: '1,200.5',
  transactionAmount: '0.000001',
};
const parse = (fields: Record<string, string>) =>
  parseWithZod(formData(fields), { schema: techRegistrationSchema({ now }) });
const errors = (fields: Record<string, string>) => errorsOf(parse(fields));

describe('technology contract registration form', () => {
  it('turns 万元 into fen exactly, and a day into the start of that Shanghai day', () => {
    const s = parse(submit);
    expect(s.status).toBe('success');
    if (s.status !== 'success') return;
    expect(s.value).toMatchObject({
      step: 'submit',
      category: 'CONSULTING',
      dealFen: 1_200_500_000,
      transactionFen: 1,
      registrationNo: null,
      registeredOn: null,
    });
    const r = parse({
      ...submit,
      step: 'register',
      registrationNo: 'A-1',
      registeredOn: '2026-12-06',
    });
    expect(r.status === 'success' && r.value.registeredOn?.toISOString()).toBe(
      '2026-12-05T16:00:00.000Z',
    );
  });

  it('puts each problem on its field, once', () => {
    expect(errors({ ...submit, transactionAmount: '1200.500001' })).toEqual({
      transactionAmount: ['techRegistration.errors.aboveDeal'],
    });
    expect(errors({ ...submit, dealAmount: 'abc', transactionAmount: '-1' })).toEqual({
      dealAmount: ['contractsDesk.errors.amountInvalid'],
      transactionAmount: ['contractsDesk.errors.amountNegative'],
    });
    expect(errors({ ...submit, dealAmount: '1'.repeat(31) })).toEqual({
      dealAmount: ['validation.tooLong'],
    });
    expect(errors({ ...submit, category: '' })).toEqual({ category: ['validation.required'] });
    expect(errors({ ...submit, category: 'OTHER' })).toEqual({
      category: ['techRegistration.errors.category'],
    });
    expect(errors({ ...submit, registrationNo: 'x'.repeat(41) })).toEqual({
      registrationNo: ['techRegistration.errors.numberFormat'],
    });
    expect(errors({ ...submit, step: 'register', registeredOn: '2026-12-07' })).toEqual({
      registrationNo: ['techRegistration.errors.numberRequired'],
      registeredOn: ['techRegistration.errors.dateInFuture'],
    });
    expect(
      errors({ ...submit, step: 'register', registrationNo: 'A 1', registeredOn: '06/12/2026' }),
    ).toEqual({
      registrationNo: ['techRegistration.errors.numberFormat'],
      registeredOn: ['validation.invalid'],
    });
    expect(errors({ ...submit, step: 'reject' })).toMatchObject({ step: ['validation.invalid'] });
  });

  it('takes the office’s refusal with a bounded reason', () => {
    const reject = (reason: string) =>
      parseWithZod(formData({ intent: 'techRegistration', step: 'reject', reason }), {
        schema: techRejectSchema,
      }).status;
    expect(reject('材料不全')).toBe('success');
    expect(reject('')).toBe('error');
    expect(reject('x'.repeat(2001))).toBe('error');
  });
});
