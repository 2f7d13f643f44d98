/**
 * The campaign status of one unit's data (its organization record, or its members), Plan 291-KH/BTCTW:
 *
 *   not_started ──start──▶ in_progress ──confirm──▶ confirmed ──check──▶ checked
 *                              ▲                        │                   │
 *                              └──resume── returned ◀───┴──────return───────┘
 *
 * Who may act ("relation" of the acting account to the unit, from its scope):
 *   - 'unit'  the account's scope is the unit itself;
 *   - 'above' the account's scope strictly contains the unit, i.e. contains the unit's PARENT (a national
 *             account is 'above' every unit, top-level committees included: the centre is their level above).
 * start / confirm / resume: 'unit' or 'above' (a commune committee often enters data for its chi bộ).
 * check / return: 'above' only, and never by the account that confirmed (no one checks their own work).
 */
export const UNIT_STATUSES = ['not_started', 'in_progress', 'confirmed', 'checked', 'returned'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const CAMPAIGN_PARTS = ['organization', 'members'] as const;
export type CampaignPart = (typeof CAMPAIGN_PARTS)[number];

export const UNIT_ACTIONS = ['start', 'confirm', 'check', 'return', 'resume'] as const;
export type UnitAction = (typeof UNIT_ACTIONS)[number];

export type ActorRelation = 'unit' | 'above' | 'none';

export type TransitionRefusal =
  | 'WRONG_STATUS'
  | 'NOT_AUTHORIZED_LEVEL'
  | 'OPEN_ERRORS'
  | 'ORGANIZATION_NOT_CONFIRMED'
  | 'REASON_REQUIRED'
  | 'CHECKER_IS_CONFIRMER';

export interface TransitionInput {
  action: UnitAction;
  part: CampaignPart;
  current: UnitStatus;
  relation: ActorRelation;
  actorId: number;
  /** Open findings of severity error on the data being confirmed (the unit's record, or its members). */
  openErrors: number;
  /**
   * Members only: the organization data of the unit AND of every ancestor is confirmed or checked
   * ("organization first", Plan 291-KH/BTCTW).
   */
  organizationChainConfirmed: boolean;
  /** Who confirmed the current confirmation (check/return refuse the same account for check). */
  confirmedBy: number | null;
  reason?: string | null | undefined;
}

export type TransitionResult =
  { ok: true; to: UnitStatus } | { ok: false; refusal: TransitionRefusal; details?: Record<string, unknown> };

const FROM: Record<UnitAction, readonly UnitStatus[]> = {
  start: ['not_started'],
  confirm: ['in_progress'],
  check: ['confirmed'],
  return: ['confirmed', 'checked'],
  resume: ['returned'],
};

const TO: Record<UnitAction, UnitStatus> = {
  start: 'in_progress',
  confirm: 'confirmed',
  check: 'checked',
  return: 'returned',
  resume: 'in_progress',
};

/** Minimum length of a return reason: a word or two is not a reason the unit can act on. */
export const MIN_REASON_LENGTH = 5;

export function decideTransition(input: TransitionInput): TransitionResult {
  const { action } = input;
  if (!FROM[action].includes(input.current)) {
    return { ok: false, refusal: 'WRONG_STATUS', details: { current: input.current, action } };
  }
  if (input.relation === 'none') return { ok: false, refusal: 'NOT_AUTHORIZED_LEVEL' };
  switch (action) {
    case 'start':
    case 'resume':
      return { ok: true, to: TO[action] };
    case 'confirm':
      if (input.part === 'members' && !input.organizationChainConfirmed) {
        return { ok: false, refusal: 'ORGANIZATION_NOT_CONFIRMED' };
      }
      if (input.openErrors > 0) {
        return { ok: false, refusal: 'OPEN_ERRORS', details: { openErrors: input.openErrors } };
      }
      return { ok: true, to: TO[action] };
    case 'check':
      if (input.relation !== 'above') return { ok: false, refusal: 'NOT_AUTHORIZED_LEVEL' };
      if (input.confirmedBy !== null && input.confirmedBy === input.actorId) {
        return { ok: false, refusal: 'CHECKER_IS_CONFIRMER' };
      }
      return { ok: true, to: TO[action] };
    case 'return':
      if (input.relation !== 'above') return { ok: false, refusal: 'NOT_AUTHORIZED_LEVEL' };
      if ((input.reason ?? '').trim().length < MIN_REASON_LENGTH) {
        return { ok: false, refusal: 'REASON_REQUIRED' };
      }
      return { ok: true, to: TO[action] };
  }
}

/** The actions the account could take now (the buttons to show), guards on data aside. */
export function availableActions(current: UnitStatus, relation: ActorRelation): UnitAction[] {
  if (relation === 'none') return [];
  return UNIT_ACTIONS.filter(
    (a) => FROM[a].includes(current) && (relation === 'above' || (a !== 'check' && a !== 'return')),
  );
}

/**
 * The relation of an account's scope to a unit. `scopePath` null = national. Paths are materialized
 * ("/1/22/333/"): the unit is inside the scope when its path starts with the scope's path.
 */
export function relationOf(scopePath: string | null, unitPath: string): ActorRelation {
  if (scopePath === null) return 'above';
  if (unitPath === scopePath) return 'unit';
  return unitPath.startsWith(scopePath) ? 'above' : 'none';
}

/** Organization data counts as done for the gate once confirmed by the unit (checked included). */
export function isConfirmedOrChecked(status: UnitStatus): boolean {
  return status === 'confirmed' || status === 'checked';
}
