import type { CodeLists } from '../codes/code-lists.ts';

export type PhoneKind = 'mobile' | 'landline' | 'invalid' | 'empty';

export interface NormalizedPhone {
  /**
   * The standard form: 10 digits starting with 0 for a mobile number, 11 digits starting with 02 for
   * a landline; null when the number is empty or not a valid Vietnamese number (write it as found).
   */
  value: string | null;
  kind: PhoneKind;
  /** An 11-digit pre-2018 mobile number converted to its 10-digit form (PHONE_OLD_PREFIX). */
  oldPrefixConverted: boolean;
  valid: boolean;
}

// Characters people type inside a phone number: spaces, dots, dashes, brackets, slashes.
const PHONE_PUNCTUATION = /[\s\u00a0.\-()/]+/g;

/**
 * Accepts +84 / 0084 / 84 country prefixes and punctuation, converts the 2018 11-digit prefixes
 * (reference/phone-prefixes.csv: replace the 4-digit prefix, keep the last 7 digits) and checks the
 * 3-digit mobile prefix against the current list. Landlines since the 2017 area-code change are 11
 * digits starting with 02 (024 xxxx xxxx, 0203 xxx xxxx); they are valid but are not mobiles. Pre-2017
 * landlines (04 xxxxxxx) and other lengths are invalid (PHONE_FORMAT), as in the samples' truth.
 */
export function normalizePhone(
  raw: string | null | undefined,
  codes: Pick<CodeLists, 'phonePrefixes'>,
): NormalizedPhone {
  const trimmed = (raw ?? '').trim();
  if (trimmed === '') return { value: null, kind: 'empty', oldPrefixConverted: false, valid: false };
  const invalid: NormalizedPhone = { value: null, kind: 'invalid', oldPrefixConverted: false, valid: false };

  const compact = trimmed.replace(PHONE_PUNCTUATION, '');
  let digits: string;
  if (/^\+84\d+$/.test(compact)) digits = '0' + compact.slice(3);
  else if (/^0084\d+$/.test(compact)) digits = '0' + compact.slice(4);
  // A bare 84 is the country code only when what follows is a whole national number without its 0.
  else if (/^84[1-9]\d{8,9}$/.test(compact)) digits = '0' + compact.slice(2);
  else if (/^\d+$/.test(compact)) digits = compact;
  else return invalid;
  // "+84 0989…" also occurs: the trunk 0 was kept after the country code.
  if (digits.startsWith('00')) digits = digits.slice(1);

  if (digits.length === 10) {
    return isCurrentMobile(digits, codes)
      ? { value: digits, kind: 'mobile', oldPrefixConverted: false, valid: true }
      : invalid;
  }
  if (digits.length === 11) {
    const old = codes.phonePrefixes.find(
      (p) => p.kind === 'mobile_old_11_digit' && digits.startsWith(p.prefix),
    );
    if (old && old.convertedTo) {
      const converted = old.convertedTo + digits.slice(old.prefix.length);
      if (converted.length === 10)
        return { value: converted, kind: 'mobile', oldPrefixConverted: true, valid: true };
    }
    if (digits.startsWith('02'))
      return { value: digits, kind: 'landline', oldPrefixConverted: false, valid: true };
  }
  return invalid;
}

function isCurrentMobile(digits: string, codes: Pick<CodeLists, 'phonePrefixes'>): boolean {
  return codes.phonePrefixes.some((p) => p.kind === 'mobile_current' && digits.startsWith(p.prefix));
}

// Pragmatic address check (no quoted local parts, no IP literals): one @, a dotted domain of
// letters, digits and hyphens, a top-level label of 2+ letters. Unicode letters are accepted
// (internationalized domain names); spaces, commas and doubled @ are not.
const EMAIL = /^[\p{L}\p{N}._%+'-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;

export function isValidEmail(raw: string | null | undefined): boolean {
  const value = (raw ?? '').trim();
  if (value.length > 254 || !EMAIL.test(value)) return false;
  const local = value.slice(0, value.indexOf('@'));
  return local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

export interface NormalizedPartyCard {
  /** Digits with separators removed when that is the only defect; otherwise the trimmed input. */
  digits: string;
  valid: boolean;
}

/**
 * The party card number printed on the card: 8 digits (PARTY_CARD_FORMAT). Spaces, dots and dashes
 * are removed; a letter O for a zero or a missing digit is not guessed, the value stays as found.
 */
export function normalizePartyCard(raw: string | null | undefined): NormalizedPartyCard {
  const trimmed = (raw ?? '').trim();
  const stripped = trimmed.replace(/[\s\u00a0.-]+/g, '');
  if (/^\d{8}$/.test(stripped)) return { digits: stripped, valid: true };
  return { digits: trimmed, valid: false };
}
