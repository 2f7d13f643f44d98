import type { RuleCode, Severity } from './catalogue.ts';
import type { Finding } from './finding.ts';

export interface RuleSettings {
  /** ISO date (yyyy-mm-dd) for age, future and overdue rules. */
  referenceDate: string;
  /** Rules that are not reported at all. */
  disabled: ReadonlySet<RuleCode>;
  /**
   * Severity changes decided by the campaign: raise a warning to an error or lower it to a fix-free warning.
   * A `fix` finding keeps its severity: it records a change already applied.
   */
  severityOverrides: Partial<Record<RuleCode, Exclude<Severity, 'fix'>>>;
}

/** The reference date of the samples and of the cleaning campaign (samples/README.md). */
export const CAMPAIGN_START_DATE = '2025-12-10';

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  referenceDate: CAMPAIGN_START_DATE,
  disabled: new Set(),
  severityOverrides: {},
};

export function createRuleSettings(overrides: Partial<RuleSettings> = {}): RuleSettings {
  const settings = { ...DEFAULT_RULE_SETTINGS, ...overrides };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(settings.referenceDate)) {
    throw new RangeError(`referenceDate must be yyyy-mm-dd, got "${settings.referenceDate}"`);
  }
  return settings;
}

/** Drops disabled rules and applies severity overrides; fix findings are never re-graded. */
export function applySettings(findings: readonly Finding[], settings: RuleSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    if (settings.disabled.has(f.rule)) continue;
    const override = settings.severityOverrides[f.rule];
    out.push(override && f.severity !== 'fix' ? { ...f, severity: override } : f);
  }
  return out;
}
