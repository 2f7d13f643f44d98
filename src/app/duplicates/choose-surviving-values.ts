import { ACTIVE_MEMBER_STATUSES, MEMBER_FIELD_NAMES, type MemberFields } from '../../core/members/member.ts';

/**
 * Survivorship of a merge (pure). Which record survives, by default:
 *   1. the one still in the party's ranks (CHINH_THUC, DU_BI, MIEN_SINH_HOAT) over one that is not
 *      (a member transferred but never closed keeps the record of the cell they live in now);
 *   2. then the more complete record (more filled fields);
 *   3. then the more recently updated one (3.0 "last updated" when both have it, else the 4.0 update time);
 *   4. then the older record (lower id).
 * Which value each field keeps, by default: the same value when both agree; the filled one when only one
 * is; for a date the more precise one when they agree as far as the coarser goes ("1975" vs "1975-04-30");
 * otherwise the value of the more recent record. The person can pick either side for every field.
 */

export type Side = 'a' | 'b';

export interface MergeCandidate extends MemberFields {
  id: number;
  updatedAt: string;
  legacyUpdatedAt?: string | null | undefined;
}

export interface FieldChoice {
  field: keyof MemberFields;
  a: MemberFields[keyof MemberFields];
  b: MemberFields[keyof MemberFields];
  differs: boolean;
  /** The side whose value the merged record keeps by default. */
  choice: Side;
}

export interface SurvivorshipPlan {
  survivor: Side;
  fields: FieldChoice[];
}

const DATE_FIELDS = new Set<keyof MemberFields>(['birthDate', 'admissionDate', 'officialDate', 'deathDate']);

const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === '';

function filledCount(m: MemberFields): number {
  return MEMBER_FIELD_NAMES.filter((f) => !isEmpty(m[f])).length;
}

function isActive(m: MemberFields): boolean {
  return m.status !== null && ACTIVE_MEMBER_STATUSES.includes(m.status);
}

/** Positive when `a` was updated more recently than `b`. */
function compareRecency(a: MergeCandidate, b: MergeCandidate): number {
  if (a.legacyUpdatedAt && b.legacyUpdatedAt && a.legacyUpdatedAt !== b.legacyUpdatedAt) {
    return a.legacyUpdatedAt > b.legacyUpdatedAt ? 1 : -1;
  }
  const diff = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  return Number.isNaN(diff) ? 0 : diff;
}

export function chooseSurvivor(a: MergeCandidate, b: MergeCandidate): Side {
  if (isActive(a) !== isActive(b)) return isActive(a) ? 'a' : 'b';
  const completeness = filledCount(a) - filledCount(b);
  if (completeness !== 0) return completeness > 0 ? 'a' : 'b';
  const recency = compareRecency(a, b);
  if (recency !== 0) return recency > 0 ? 'a' : 'b';
  return a.id <= b.id ? 'a' : 'b';
}

function chooseValue(field: keyof MemberFields, a: MergeCandidate, b: MergeCandidate, survivor: Side): Side {
  const va = a[field];
  const vb = b[field];
  if (va === vb) return survivor;
  if (isEmpty(vb)) return 'a';
  if (isEmpty(va)) return 'b';
  if (DATE_FIELDS.has(field) && typeof va === 'string' && typeof vb === 'string') {
    if (vb.startsWith(va)) return 'b';
    if (va.startsWith(vb)) return 'a';
  }
  const recency = compareRecency(a, b);
  if (recency !== 0) return recency > 0 ? 'a' : 'b';
  return survivor;
}

/** The default plan; `overrides` (the person's picks) win field by field, `survivor` when given. */
export function planSurvivorship(
  a: MergeCandidate,
  b: MergeCandidate,
  overrides: { survivor?: Side | undefined; fields?: Partial<Record<keyof MemberFields, Side>> } = {},
): SurvivorshipPlan {
  const survivor = overrides.survivor ?? chooseSurvivor(a, b);
  const fields = MEMBER_FIELD_NAMES.map((field) => ({
    field,
    a: a[field],
    b: b[field],
    differs: a[field] !== b[field],
    choice: overrides.fields?.[field] ?? chooseValue(field, a, b, survivor),
  }));
  return { survivor, fields };
}

/** The changes the survivor takes: the fields whose chosen value is the other record's and differs. */
export function survivorChanges(plan: SurvivorshipPlan): Partial<MemberFields> {
  const changes: Record<string, unknown> = {};
  for (const f of plan.fields) {
    if (f.differs && f.choice !== plan.survivor) changes[f.field] = f.choice === 'a' ? f.a : f.b;
  }
  return changes;
}
