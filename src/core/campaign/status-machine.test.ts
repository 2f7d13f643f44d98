import { describe, expect, it } from 'vitest';
import { availableActions, decideTransition, relationOf, type TransitionInput } from './status-machine.ts';
import { daysLeft, percentClean, rankLagging } from './progress.ts';

const base: TransitionInput = {
  action: 'start',
  part: 'organization',
  current: 'not_started',
  relation: 'unit',
  actorId: 1,
  openErrors: 0,
  organizationChainConfirmed: true,
  confirmedBy: null,
};

describe('campaign status machine', () => {
  it.each([
    ['start', 'not_started', 'unit', 'in_progress'],
    ['confirm', 'in_progress', 'unit', 'confirmed'],
    ['check', 'confirmed', 'above', 'checked'],
    ['return', 'confirmed', 'above', 'returned'],
    ['return', 'checked', 'above', 'returned'],
    ['resume', 'returned', 'unit', 'in_progress'],
  ] as const)('%s from %s by %s goes to %s', (action, current, relation, to) => {
    expect(decideTransition({ ...base, action, current, relation, reason: 'Sai ngày sinh' })).toEqual({
      ok: true,
      to,
    });
  });

  it('refuses an action from a status it does not start from', () => {
    expect(
      decideTransition({ ...base, action: 'check', current: 'in_progress', relation: 'above' }),
    ).toMatchObject({
      ok: false,
      refusal: 'WRONG_STATUS',
    });
    expect(decideTransition({ ...base, action: 'confirm', current: 'not_started' })).toMatchObject({
      refusal: 'WRONG_STATUS',
    });
  });

  it('refuses confirmation while errors are open', () => {
    expect(
      decideTransition({ ...base, action: 'confirm', current: 'in_progress', openErrors: 2 }),
    ).toMatchObject({
      refusal: 'OPEN_ERRORS',
      details: { openErrors: 2 },
    });
  });

  it('confirms members only after the organization data of the unit and its parents (organization first)', () => {
    const members = {
      ...base,
      action: 'confirm' as const,
      part: 'members' as const,
      current: 'in_progress' as const,
    };
    expect(decideTransition({ ...members, organizationChainConfirmed: false })).toMatchObject({
      refusal: 'ORGANIZATION_NOT_CONFIRMED',
    });
    expect(decideTransition({ ...members, organizationChainConfirmed: true })).toEqual({
      ok: true,
      to: 'confirmed',
    });
    // the gate does not apply to the organization part itself
    expect(decideTransition({ ...members, part: 'organization', organizationChainConfirmed: false }).ok).toBe(
      true,
    );
  });

  it('lets only the level above check or return, never the confirmer, and a return needs a reason', () => {
    const check = { ...base, action: 'check' as const, current: 'confirmed' as const };
    expect(decideTransition({ ...check, relation: 'unit' })).toMatchObject({
      refusal: 'NOT_AUTHORIZED_LEVEL',
    });
    expect(decideTransition({ ...check, relation: 'above', confirmedBy: 1 })).toMatchObject({
      refusal: 'CHECKER_IS_CONFIRMER',
    });
    const ret = {
      ...base,
      action: 'return' as const,
      current: 'confirmed' as const,
      relation: 'above' as const,
    };
    expect(decideTransition({ ...ret, reason: '  ' })).toMatchObject({ refusal: 'REASON_REQUIRED' });
    expect(decideTransition({ ...ret, relation: 'unit', reason: 'Thiếu CCCD' })).toMatchObject({
      refusal: 'NOT_AUTHORIZED_LEVEL',
    });
    expect(decideTransition({ ...base, relation: 'none' })).toMatchObject({
      refusal: 'NOT_AUTHORIZED_LEVEL',
    });
  });

  it('derives the relation from the scope path and offers the matching actions', () => {
    expect(relationOf(null, '/1/')).toBe('above');
    expect(relationOf('/1/2/', '/1/2/')).toBe('unit');
    expect(relationOf('/1/', '/1/2/3/')).toBe('above');
    expect(relationOf('/1/2/', '/1/5/')).toBe('none');
    expect(availableActions('confirmed', 'unit')).toEqual([]);
    expect(availableActions('confirmed', 'above')).toEqual(['check', 'return']);
    expect(availableActions('not_started', 'unit')).toEqual(['start']);
  });
});

describe('campaign progress', () => {
  it('computes % clean, days left and ranks lagging units', () => {
    expect(percentClean(0, 0)).toBe(100);
    expect(percentClean(3, 1)).toBe(66.7);
    expect(daysLeft('2025-12-10', '2025-12-30')).toBe(21);
    expect(daysLeft('2026-01-02', '2025-12-30')).toBe(0);
    const units = [
      { orgId: 1, members: 10, membersWithErrors: 1, notStartedUnits: 5, units: 5 },
      { orgId: 2, members: 10, membersWithErrors: 5, notStartedUnits: 0, units: 5 },
    ];
    expect(rankLagging(units, 20).map((u) => u.orgId)).toEqual([2, 1]);
    expect(rankLagging(units, 3).map((u) => u.orgId)).toEqual([1, 2]);
  });
});
