import {
  MEMBER_DATE_FIELDS,
  MEMBER_EDITABLE_FIELDS,
  type Member,
  type MemberChanges,
  type MemberEditableField,
} from '../../api/members.ts';
import type { PartialDateFieldValue } from '../../components/partial-date-input.tsx';

/** What the form holds: the editable fields, dates possibly still invalid while being typed. */
export type MemberFormValues = {
  [K in MemberEditableField]?: K extends (typeof MEMBER_DATE_FIELDS)[number]
    ? PartialDateFieldValue
    : Member[K] | undefined;
};

type Value = string | null;

export function toFormValues(member: Member): MemberFormValues {
  const values: Record<string, unknown> = {};
  for (const field of MEMBER_EDITABLE_FIELDS) values[field] = member[field];
  return values;
}

/** Empty text is "no value"; surrounding spaces are not part of a value. */
function normalize(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * The fields whose value the person changed, compared with the record they started from. A stored
 * value that only differs by spaces the person never touched is not a change.
 */
export function diffChanges(base: Member, values: MemberFormValues): MemberChanges {
  const changes: Record<string, Value> = {};
  for (const field of MEMBER_EDITABLE_FIELDS) {
    const typed = values[field];
    const stored = base[field] ?? null;
    if (typed === stored || (typed === undefined && stored === null)) continue;
    if (typeof typed === 'object' && typed !== null) continue; // an invalid date; the validator reports it
    const next = normalize(typed);
    if (next !== stored) changes[field] = next;
  }
  return changes;
}

/** The value a field would have after saving what is in the form. */
export function formValueOf(base: Member, values: MemberFormValues, field: MemberEditableField): Value {
  const changes = diffChanges(base, values);
  return field in changes ? (changes[field] ?? null) : (base[field] ?? null);
}
