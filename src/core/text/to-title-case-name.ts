// Hyphens and spaces separate the parts of a name; an apostrophe does not ("H'Hen" is one part).
const NAME_PART = /[\p{L}\p{M}'’]+/gu;
// In minority names a one-letter prefix before an apostrophe starts a capitalized syllable: "H'Hen", "Y'Ban".
const PREFIXED = /^(\p{L}\p{M}*['’])(\p{L})/u;

/**
 * One letter in title case. A few letters grow when upper-cased ("ﬀ" → "FF", "ᾀ" → "ἈΙ"): only the first of
 * the result stays upper-case, so that title-casing the result again changes nothing.
 */
function upperFirst(letter: string): string {
  const upper = letter.toUpperCase();
  return upper.length > 1 ? upper.charAt(0) + upper.slice(1).toLowerCase() : upper;
}

function capitalize(part: string): string {
  const lower = part.toLowerCase();
  const first = lower.charAt(0);
  const rest = lower.slice(1);
  return (upperFirst(first) + rest).replace(
    PREFIXED,
    (_, head: string, next: string) => head + upperFirst(next),
  );
}

/** Vietnamese title case for a person's name: "NGUYỄN VĂN A" and "nguyễn văn a" → "Nguyễn Văn A". */
export function toTitleCaseName(text: string): string {
  return text.replace(NAME_PART, capitalize);
}

export function isTitleCaseName(text: string): boolean {
  return toTitleCaseName(text) === text;
}
