import { CATALOGUE, type RuleCode, type Severity } from './catalogue.ts';

export type RecordType = 'organization' | 'member';

/** A data-quality result: a value, never an exception (codebase guide §3). */
export interface Finding {
  recordType: RecordType;
  legacyId: string;
  rule: RuleCode;
  /** The canonical legacy column ('HO_TEN', 'QUE_QUAN'); null when the rule is about the whole record. */
  field: string | null;
  severity: Severity;
  /** The value as found in the source. */
  value: string;
  /** The proposed value, null when none can be computed. */
  suggested: string | null;
}

export interface FindingInput {
  field?: string | null;
  value?: string | null;
  suggested?: string | null;
  /** Overrides the catalogue severity for this finding ("fix/warning" rules fall back to warning). */
  severity?: Severity;
}

/** A finding with the catalogue severity unless told otherwise. */
export function finding(
  recordType: RecordType,
  legacyId: string,
  rule: RuleCode,
  input: FindingInput = {},
): Finding {
  return {
    recordType,
    legacyId,
    rule,
    field: input.field ?? null,
    severity: input.severity ?? CATALOGUE[rule].severity,
    value: input.value ?? '',
    suggested: input.suggested ?? null,
  };
}
