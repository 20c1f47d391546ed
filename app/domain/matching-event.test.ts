import { describe, expect, it } from 'vitest';
import {
  attachRefusal,
  dateChangeRefusal,
  deleteRefusal,
  detachRefusal,
  generateSlug,
  INDUSTRIES,
  isEventHeld,
  isIndustry,
  isPlausibleEventDate,
  isValidSlug,
  matchRefusals,
  normalizeSlug,
} from './matching-event';
import { NEED_STATUSES, PUBLIC_STATUSES } from './need';
import { parseShanghaiDate } from './shanghai-date';

const day = (s: string) => parseShanghaiDate(s)!;

describe('industries', () => {
  it('are the seven of the programme', () => {
    expect(INDUSTRIES).toHaveLength(7);
    expect(isIndustry('高端装备')).toBe(true);
    expect(isIndustry('航空航天')).toBe(false);
    expect(isIndustry(undefined)).toBe(false);
  });
});

describe('slugs', () => {
  it('accept lower-case letters, digits and single inner hyphens', () => {
    for (const ok of ['ev-equipment', '2021-06-18-k3x9qa', 'abc', 'a1-b2-c3']) {
      expect(isValidSlug(ok), ok).toBe(true);
    }
  });

  it('refuse everything else', () => {
    for (const bad of [
      '',
      'ab',
      'Ev-Equipment',
      'ev equipment',
      'ev_equipment',
      '-ev',
      'ev-',
      'ev--equipment',
      '高端装备',
      'ev/../x',
      'a'.repeat(61),
    ]) {
      expect(isValidSlug(bad), bad).toBe(false);
    }
    expect(isValidSlug('a'.repeat(60))).toBe(true);
  });

  it('are normalised from what was typed (spaces around, capitals)', () => {
    expect(normalizeSlug('  EV-Hydrogen ')).toBe('ev-hydrogen');
  });

  it('are generated from the Shanghai day and a random suffix', () => {
    const bytes = new Uint8Array([0, 1, 2, 3, 31, 255]);
    // 2021-06-17T16:00Z is 2021-06-18 00:00 in Shanghai
    const slug = generateSlug(new Date('2021-06-17T16:00:00Z'), bytes);
    expect(slug).toMatch(/^2021-06-18-[a-z2-9]{6}$/);
    expect(isValidSlug(slug)).toBe(true);
    expect(generateSlug(day('2021-06-18'), bytes)).toBe(slug);
    expect(generateSlug(day('2021-06-18'), new Uint8Array([9, 9, 9, 9, 9, 9]))).not.toBe(slug);
  });

  it('need enough random bytes and a real date', () => {
    expect(() => generateSlug(day('2021-06-18'), new Uint8Array(3))).toThrow(RangeError);
    expect(() => generateSlug(new Date('nope'), new Uint8Array(6))).toThrow(RangeError);
  });
});

describe('event dates', () => {
  it('are plausible between 2000 and 2099', () => {
    expect(isPlausibleEventDate(day('2021-06-18'))).toBe(true);
    expect(isPlausibleEventDate(day('2000-01-01'))).toBe(true);
    expect(isPlausibleEventDate(day('2099-12-31'))).toBe(true);
    expect(isPlausibleEventDate(day('1999-12-31'))).toBe(false);
    expect(isPlausibleEventDate(day('2100-01-01'))).toBe(false);
  });

  it('count an event as held from the start of its Shanghai day', () => {
    const date = day('2021-06-18');
    expect(isEventHeld(date, new Date('2021-06-17T15:59:59Z'))).toBe(false);
    expect(isEventHeld(date, new Date('2021-06-17T16:00:00Z'))).toBe(true);
  });
});

describe('attaching a challenge', () => {
  it('takes every published status, with a code', () => {
    for (const status of PUBLIC_STATUSES) {
      expect(attachRefusal({ status, code: 'ZB-2021-001' }, false), status).toBeNull();
    }
  });

  it('refuses needs that were never published', () => {
    const unpublished = NEED_STATUSES.filter(
      (s) => !(PUBLIC_STATUSES as readonly string[]).includes(s),
    );
    expect(unpublished).toEqual(['DRAFT', 'SUBMITTED', 'RETURNED', 'REJECTED', 'WITHDRAWN']);
    for (const status of unpublished) {
      expect(attachRefusal({ status, code: null }, false), status).toBe('notPublished');
    }
    // a public status without a code is not a published challenge either
    expect(attachRefusal({ status: 'PUBLISHED', code: null }, false)).toBe('notPublished');
  });

  it('refuses an unknown challenge and one already attached', () => {
    expect(attachRefusal(null, false)).toBe('notFound');
    expect(attachRefusal({ status: 'PUBLISHED', code: 'ZB-2021-001' }, true)).toBe(
      'alreadyAttached',
    );
  });

  it('keeps a challenge with matches attached', () => {
    expect(detachRefusal(true, 0)).toBeNull();
    expect(detachRefusal(true, 2)).toBe('hasMatches');
    expect(detachRefusal(false, 0)).toBe('notAttached');
  });
});

describe('recording a match', () => {
  const base = {
    eventDate: day('2021-06-18'),
    challengeAttached: true,
    team: { kind: 'TEAM' },
    matchedAt: day('2021-06-18'),
    alreadyRecorded: false,
    now: new Date('2021-07-01T04:00:00Z'),
  };

  it('is allowed on the event day and in its follow-up, up to today', () => {
    expect(matchRefusals(base)).toBeNull();
    expect(matchRefusals({ ...base, matchedAt: day('2021-06-25') })).toBeNull();
    expect(matchRefusals({ ...base, matchedAt: day('2021-07-01') })).toBeNull();
  });

  it('needs the challenge attached to the event', () => {
    expect(matchRefusals({ ...base, challengeAttached: false })).toEqual({
      challengeId: 'challengeNotAttached',
    });
  });

  it('needs a research team, not an enterprise, the bureau or nobody', () => {
    for (const team of [null, { kind: 'ENTERPRISE' }, { kind: 'BUREAU' }]) {
      expect(matchRefusals({ ...base, team })).toEqual({ teamId: 'notATeam' });
    }
  });

  it('refuses a date before the event or after today', () => {
    expect(matchRefusals({ ...base, matchedAt: day('2021-06-17') })).toEqual({
      matchedAt: 'beforeEvent',
    });
    expect(matchRefusals({ ...base, matchedAt: day('2021-07-02') })).toEqual({
      matchedAt: 'inFuture',
    });
  });

  it('cannot be recorded for an event that has not taken place', () => {
    const r = matchRefusals({
      ...base,
      eventDate: day('2021-08-01'),
      matchedAt: day('2021-08-01'),
    });
    expect(r).toEqual({ matchedAt: 'inFuture' });
  });

  it('reports every wrong field at once', () => {
    expect(
      matchRefusals({
        ...base,
        challengeAttached: false,
        team: null,
        matchedAt: day('2020-01-01'),
      }),
    ).toEqual({
      challengeId: 'challengeNotAttached',
      teamId: 'notATeam',
      matchedAt: 'beforeEvent',
    });
  });

  it('is recorded once: the same event, challenge and team again is a duplicate', () => {
    expect(matchRefusals({ ...base, alreadyRecorded: true })).toEqual({ teamId: 'duplicate' });
  });
});

describe('deleting an event', () => {
  it('is allowed while no match is recorded there', () => {
    expect(deleteRefusal(0)).toBeNull();
    expect(deleteRefusal(1)).toBe('hasMatches');
  });
});

describe('moving an event', () => {
  it('may not pass a match already recorded there', () => {
    expect(dateChangeRefusal(day('2021-06-20'), null)).toBeNull();
    expect(dateChangeRefusal(day('2021-06-18'), day('2021-06-18'))).toBeNull();
    expect(dateChangeRefusal(day('2021-06-10'), day('2021-06-18'))).toBeNull();
    expect(dateChangeRefusal(day('2021-06-19'), day('2021-06-18'))).toBe('afterMatches');
  });
});
