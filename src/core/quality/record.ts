import type { AdminUnitIndex } from '../codes/admin-units.ts';
import type { CodeLists } from '../codes/code-lists.ts';
import type { MemberColumn, OrganizationColumn } from '../import/column-mapping.ts';
import type { PartialDate } from '../members/partial-date.ts';

/**
 * What a rule sees of a record: its raw legacy values (as found in the 3.0 export) and its current typed
 * values. In a batch run the typed values come from standardize-member.ts; in the database they are the
 * stored columns, so the same rules can re-check one record after an edit. Fix rules compare the raw value
 * with its standard form; validity rules read the typed values (an unparseable value is kept as found there).
 */
export type MemberRaw = Readonly<Partial<Record<MemberColumn, string>>>;
export type OrganizationRaw = Readonly<Partial<Record<OrganizationColumn, string>>>;

/** The member columns of the batch contract (spec/batch-contract.md), '' for empty, plus typed extras. */
export interface MemberValues {
  legacyId: string;
  fullName: string;
  gender: string;
  birthDate: string;
  citizenId: string;
  phone: string;
  email: string;
  ethnicityCode: string;
  religion: string;
  hometownProvinceCode: string;
  hometownCommuneCode: string;
  residenceProvinceCode: string;
  residenceCommuneCode: string;
  admissionDate: string;
  officialDate: string;
  partyCardNo: string;
  status: string;
  orgLegacyId: string;
  // Not in members.csv, but read by rules.
  deathDate: string;
  generalEducation: string;
  politicalTheory: string;
}

export interface MemberRecord {
  legacyId: string;
  raw: MemberRaw;
  values: MemberValues;
}

/** The organization columns of the batch contract. */
export interface OrganizationValues {
  legacyId: string;
  name: string;
  type: string;
  parentLegacyId: string;
  provinceCode: string;
  communeCode: string;
  status: string;
}

export interface OrganizationRecord {
  legacyId: string;
  raw: OrganizationRaw;
  values: OrganizationValues;
}

/** Shared, read-only inputs of every rule. */
export interface RuleContext {
  codes: CodeLists;
  adminUnits: AdminUnitIndex;
  referenceDate: PartialDate;
}
