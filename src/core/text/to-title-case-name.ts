// Hyphens and spaces separate the parts of a name; an apostrophe does not ("H'Hen" is one part).
const NAME_PART = /[\p{L}\p{M}'’]+/gu;
// In minority names a one-letter prefix before an apostrophe starts a capitalized syllable: "H'Hen", "Y'Ban".
const PREFIXED = /^(\p{L}\p{M}*['’])(\p{L})/u;

function capitalize(part: string): string {
  const lower = part.toLowerCase();
  const first = lower.charAt(0);
  const rest = lower.slice(1);
  return (first.toUpperCase() + rest).replace(
    PREFIXED,
    (_, head: string, next: string) => head + next.toUpperCase(),
  );
}

/** Vietnamese title case for a person's name: "NGUYỄN VĂN A" and "nguyễn văn a" → "Nguyễn Văn A". */
export function toTitleCaseName(text: string): string {
  return text.replace(NAME_PART, capitalize);
}

export function isTitleCaseName(text: string): boolean {
  return toTitleCaseName(text) === text;
}
