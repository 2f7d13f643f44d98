import { foldForSearch } from '../text/fold.ts';

/**
 * The usual Vietnamese account name: the given name followed by the initials of the family and middle
 * names ("Nguyễn Văn Hải" → "hainv"). The caller appends a number when it is taken.
 */
export function suggestUsername(fullName: string): string {
  const words = foldForSearch(fullName)
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  const given = words.at(-1) ?? 'canbo';
  const initials = words
    .slice(0, -1)
    .map((w) => w[0])
    .join('');
  return `${given}${initials}`.slice(0, 30) || 'canbo';
}
