import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyTransition,
  canTransition,
  TransitionError,
  type TransitionTable,
} from './lifecycle';
import { expectTransitionError } from './lifecycle.testkit';
import { isRole, isStaffRole, ROLES, type Role } from './roles';

type Light = 'RED' | 'GREEN' | 'OFF';
type LightAction = 'go' | 'stop' | 'switchOff';

const table: TransitionTable<Light, LightAction, Role> = {
  RED: { go: { to: 'GREEN', by: ['SYSTEM'] }, switchOff: { to: 'OFF', by: ['ADMIN'] } },
  GREEN: { stop: { to: 'RED', by: ['SYSTEM', 'ADMIN'] } },
  OFF: {},
};

describe('applyTransition', () => {
  it('returns the target status for a permitted actor', () => {
    expect(applyTransition(table, 'RED', 'go', 'SYSTEM')).toBe('GREEN');
    expect(applyTransition(table, 'GREEN', 'stop', 'ADMIN')).toBe('RED');
  });

  it('reports an action that is impossible from the status, whoever asks', () => {
    const error = expectTransitionError(
      () => applyTransition(table, 'OFF', 'go', 'SYSTEM'),
      'INVALID_TRANSITION',
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TransitionError');
    expect(error.from).toBe('OFF');
    expect(error.action).toBe('go');
    expect(error.actor).toBe('SYSTEM');
    expect(error.message).toContain('go');
  });

  it('reports a forbidden actor only when the action is possible', () => {
    const error = expectTransitionError(
      () => applyTransition(table, 'RED', 'go', 'TEAM'),
      'FORBIDDEN_ACTOR',
    );
    expect(error.actor).toBe('TEAM');
    expectTransitionError(
      () => applyTransition(table, 'GREEN', 'go', 'TEAM'),
      'INVALID_TRANSITION',
    );
  });

  it('does not consult Object.prototype', () => {
    expectTransitionError(
      () => applyTransition(table, 'RED', 'constructor' as LightAction, 'ADMIN'),
      'INVALID_TRANSITION',
    );
    expectTransitionError(
      () => applyTransition(table, '__proto__' as Light, 'go', 'ADMIN'),
      'INVALID_TRANSITION',
    );
  });
});

describe('allowedActions / canTransition', () => {
  it('lists actions in table order for the actor', () => {
    expect(allowedActions(table, 'RED', 'SYSTEM')).toEqual(['go']);
    expect(allowedActions(table, 'RED', 'ADMIN')).toEqual(['switchOff']);
    expect(allowedActions(table, 'OFF', 'ADMIN')).toEqual([]);
    expect(allowedActions(table, 'NOPE' as Light, 'ADMIN')).toEqual([]);
  });

  it('answers yes/no without throwing TransitionError', () => {
    expect(canTransition(table, 'RED', 'go', 'SYSTEM')).toBe(true);
    expect(canTransition(table, 'RED', 'go', 'TEAM')).toBe(false);
    expect(canTransition(table, 'OFF', 'go', 'SYSTEM')).toBe(false);
  });

  it('TransitionError is a real Error subclass', () => {
    const error = new TransitionError('FORBIDDEN_ACTOR', 'A', 'b', 'TEAM');
    expect(error).toBeInstanceOf(TransitionError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('FORBIDDEN_ACTOR');
  });
});

describe('roles', () => {
  it('lists the five roles', () => {
    expect(ROLES).toEqual(['ENTERPRISE', 'TEAM', 'REVIEWER', 'ADMIN', 'SYSTEM']);
  });

  it('recognises roles from untrusted input', () => {
    expect(isRole('ADMIN')).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole(undefined)).toBe(false);
    expect(isRole('toString')).toBe(false);
  });

  it('treats reviewers and admins as staff', () => {
    expect(ROLES.filter(isStaffRole)).toEqual(['REVIEWER', 'ADMIN']);
  });
});
