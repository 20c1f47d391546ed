import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { formData } from './form-data.testkit';
import { declineAwardSchema, vacancyDeskSchema } from './vacancies';

const errors = (r: { status?: string; error?: Record<string, string[] | null> | null }) =>
  r.status === 'success' ? {} : (r.error ?? {});

describe('vacancy forms', () => {
  it('takes a reason and the confirmation to decline, and nothing less', () => {
    expect(
      parseWithZod(formData({ reason: '团队负责人调离', confirm: 'yes' }), {
        schema: declineAwardSchema,
      }).status,
    ).toBe('success');
    const r = parseWithZod(formData({ reason: '' }), { schema: declineAwardSchema });
    expect(errors(r)).toEqual({
      reason: ['validation.required'],
      confirm: ['vacancies.errors.confirmRequired'],
    });
    const long = parseWithZod(formData({ reason: 'x'.repeat(1001), confirm: 'yes' }), {
      schema: declineAwardSchema,
    });
    expect(errors(long).reason).toEqual(['validation.tooLong']);
  });

  it('requires a reason to reject a promotion, not to approve it', () => {
    expect(
      parseWithZod(formData({ intent: 'approve', promotionId: 'p1' }), {
        schema: vacancyDeskSchema,
      }).status,
    ).toBe('success');
    expect(
      errors(
        parseWithZod(formData({ intent: 'reject', promotionId: 'p1' }), {
          schema: vacancyDeskSchema,
        }),
      ).reason,
    ).toEqual(['validation.required']);
    expect(
      errors(
        parseWithZod(formData({ intent: 'propose', awardId: 'a1' }), { schema: vacancyDeskSchema }),
      ).candidateId,
    ).toEqual(['validation.required']);
    expect(
      parseWithZod(formData({ intent: 'nonsense' }), { schema: vacancyDeskSchema }).status,
    ).not.toBe('success');
  });
});
