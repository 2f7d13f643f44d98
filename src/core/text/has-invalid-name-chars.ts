// Letters (with their marks), spaces, hyphens and apostrophes: the samples keep "Phạm - Hồng Duyên" as a
// valid name, and minority names are written "H'Hen Niê". Digits, dots and brackets ("Thoa1",
// "Ánh (mới)") are notes typed into the name field.
const NAME_CHARS = /^[\p{L}\p{M}\s\u00a0'’-]*$/u;

export function hasInvalidNameChars(name: string): boolean {
  return !NAME_CHARS.test(name);
}
