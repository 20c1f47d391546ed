import { describe, expect, it } from 'vitest';
import {
  appealSchema,
  assignmentSchema,
  awardDecisionSchema,
  challengeDeskSchema,
} from './evaluation';
import { errorsOf, parseForm } from './form-data.testkit';

describe('evaluation desk form', () => {
  const criteria = (...rows: [string, string][]): [string, string][] => [
    ['intent', 'criteria'],
    ...rows.flatMap(([name, weight], i): [string, string][] => [
      [`criteria[${i}].name`, name],
      [`criteria[${i}].weight`, weight],
    ]),
  ];

  it('takes criteria whose weights sum to 100', () => {
    const r = parseForm(challengeDeskSchema, criteria(['技术方案', '60'], ['团队能力', '40']));
    expect(r.status).toBe('success');
  });

  it('refuses a sum other than 100, weights out of range and names twice', () => {
    expect(
      errorsOf(parseForm(challengeDeskSchema, criteria(['a', '60'], ['b', '30']))).criteria,
    ).toEqual(['evaluation.errors.weightSum']);
    expect(
      errorsOf(parseForm(challengeDeskSchema, criteria(['a', '101'], ['b', '0'])))[
        'criteria[0].weight'
      ],
    ).toEqual(['evaluation.errors.weight']);
    expect(
      errorsOf(parseForm(challengeDeskSchema, criteria(['技术', '50'], ['技术 ', '50'])))[
        'criteria[1].name'
      ],
    ).toEqual(['evaluation.errors.duplicateName']);
    const nine = Array.from({ length: 9 }, (_, i): [string, string] => [`c${i}`, '1']);
    expect(errorsOf(parseForm(challengeDeskSchema, criteria(...nine))).criteria).toEqual([
      'evaluation.errors.criteriaCount',
    ]);
  });

  it('needs a stage-gate date for more than one slot', () => {
    const slots = (n: string, date = '') =>
      parseForm(challengeDeskSchema, [
        ['intent', 'slots'],
        ['awardSlots', n],
        ['stageGateDate', date],
      ]);
    expect(slots('1').status).toBe('success');
    expect(slots('3', '2022-03-01').status).toBe('success');
    expect(errorsOf(slots('3')).stageGateDate).toEqual(['evaluation.errors.stageGateRequired']);
    expect(errorsOf(slots('3', '2022-13-01')).stageGateDate).toEqual(['validation.invalid']);
    expect(errorsOf(slots('1.5')).awardSlots).toEqual(['evaluation.errors.slots']);
  });

  it('takes one reviewer or several', () => {
    expect(
      parseForm(challengeDeskSchema, [
        ['intent', 'assign'],
        ['reviewerIds', 'u1'],
      ]).status,
    ).toBe('success');
    const two = parseForm(challengeDeskSchema, [
      ['intent', 'assign'],
      ['reviewerIds', 'u1'],
      ['reviewerIds', 'u2'],
    ]);
    expect(two.status === 'success' && two.value).toMatchObject({ reviewerIds: ['u1', 'u2'] });
    expect(errorsOf(parseForm(challengeDeskSchema, [['intent', 'assign']])).reviewerIds).toEqual([
      'evaluation.errors.reviewersRequired',
    ]);
  });

  it('refuses an unknown intent', () => {
    expect(errorsOf(parseForm(challengeDeskSchema, [['intent', 'delete']])).intent).toBeTruthy();
    expect(errorsOf(parseForm(challengeDeskSchema, [])).intent).toBeTruthy();
  });
});

describe('score, decision and appeal forms', () => {
  it('takes integer scores 0..100, each with a comment', () => {
    const score = (value: string, comment = '好') =>
      parseForm(assignmentSchema, [
        ['intent', 'score'],
        ['scores[0].key', 'technical'],
        ['scores[0].score', value],
        ['scores[0].comment', comment],
      ]);
    expect(score('0').status).toBe('success');
    expect(score('100').status).toBe('success');
    for (const bad of ['101', '-1', '7.5', 'abc', ''])
      expect(errorsOf(score(bad))['scores[0].score']).toBeTruthy();
    expect(errorsOf(score('80', ' '))['scores[0].comment']).toEqual(['validation.required']);
  });

  it('needs a reason to reject an award, not to approve it', () => {
    expect(
      parseForm(awardDecisionSchema, [
        ['intent', 'approve'],
        ['awardId', 'a1'],
      ]).status,
    ).toBe('success');
    expect(
      errorsOf(
        parseForm(awardDecisionSchema, [
          ['intent', 'reject'],
          ['awardId', 'a1'],
        ]),
      ).reason,
    ).toEqual(['validation.required']);
  });

  it('needs the grounds of an appeal', () => {
    expect(errorsOf(parseForm(appealSchema, [['reason', '']])).reason).toEqual([
      'validation.required',
    ]);
    expect(parseForm(appealSchema, [['reason', '请复核']]).status).toBe('success');
  });
});
