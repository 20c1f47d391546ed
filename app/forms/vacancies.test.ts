import { describe, expect, it } from 'vitest';
import { errorsOf, parseForm } from './form-data.testkit';
import { declineAwardSchema, vacancyDeskSchema } from './vacancies';

describe('vacancy forms', () => {
  it('takes a reason and the confirmation to decline, and nothing less', () => {
    const decline = (fields: Record<string, string>) => parseForm(declineAwardSchema, fields);
    expect(decline({ reason: '团队负责人调离', confirm: 'yes' }).status).toBe('success');
    expect(errorsOf(decline({ reason: '' }))).toEqual({
      reason: ['validation.required'],
      confirm: ['vacancies.errors.confirmRequired'],
    });
    expect(errorsOf(decline({ reason: 'x'.repeat(1001), confirm: 'yes' })).reason).toEqual([
      'validation.tooLong',
    ]);
  });

  it('requires a reason to reject a promotion, not to approve it', () => {
    const desk = (fields: Record<string, string>) => parseForm(vacancyDeskSchema, fields);
    expect(desk({ intent: 'approve', promotionId: 'p1' }).status).toBe('success');
    expect(errorsOf(desk({ intent: 'reject', promotionId: 'p1' })).reason).toEqual([
      'validation.required',
    ]);
    expect(errorsOf(desk({ intent: 'propose', awardId: 'a1' })).candidateId).toEqual([
      'validation.required',
    ]);
    expect(desk({ intent: 'nonsense' }).status).not.toBe('success');
  });
});
