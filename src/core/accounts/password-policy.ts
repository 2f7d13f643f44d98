import { foldForSearch } from '../text/fold.ts';

export const PASSWORD_MIN_LENGTH = 10;

// The most common passwords and the Vietnamese favourites seen in leaks, folded and without digits'
// decoration: a password equal to one of them (or to one plus digits/symbols) is refused.
const COMMON_WORDS = [
  'password',
  'passw0rd',
  'matkhau',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'abc',
  'abcd',
  'abcdef',
  'admin',
  'administrator',
  'iloveyou',
  'welcome',
  'letmein',
  'changeme',
  'vietnam',
  'vietnam123',
  'hanoi',
  'saigon',
  'dangvien',
  'csdl',
  'csdldangvien',
  'dangcongsan',
  'quantri',
  'quantrihethong',
  'anhyeuem',
  'emyeuanh',
  'iloveu',
  'zxcvbnm',
  'trustno',
  'dragon',
  'monkey',
  'master',
  'login',
  'test',
];

const SEQUENCES = ['0123456789', '1234567890', '9876543210', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop'];

/** True when the password is a common word with digits/symbols around it, a sequence or one repeated character. */
export function isCommonPassword(password: string): boolean {
  const folded = foldForSearch(password).replace(/\s+/g, '');
  const letters = folded.replace(/[^a-z]/g, '');
  if (/^(.)\1*$/.test(folded)) return true;
  if (SEQUENCES.some((s) => s.includes(folded) || folded.includes(s.slice(0, 8)))) return true;
  if (/^\d+$/.test(folded)) return true;
  return COMMON_WORDS.includes(letters) || COMMON_WORDS.includes(folded);
}

/** Character classes present: lower case, upper case, digits, others (symbols, spaces). */
export function characterClasses(password: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u];
  return classes.filter((c) => c.test(password)).length;
}

/**
 * The password policy for accounts the product manages (Plan 291-KH/BTCTW asks for security and
 * confidentiality): at least 10 characters, three of four character classes, not the username or the
 * person's name, not a common password. Returns the Vietnamese reasons a password is refused; empty = accepted.
 */
export function checkPasswordPolicy(
  password: string,
  account: { username: string; fullName?: string | null },
): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH)
    problems.push(`Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`);
  if (characterClasses(password) < 3)
    problems.push(
      'Mật khẩu phải có ít nhất 3 trong 4 loại ký tự: chữ thường, chữ hoa, chữ số, ký tự đặc biệt.',
    );
  const folded = foldForSearch(password).replace(/\s+/g, '');
  const username = foldForSearch(account.username).replace(/\s+/g, '');
  if (username.length >= 3 && folded.includes(username))
    problems.push('Mật khẩu không được chứa tên đăng nhập.');
  const name = foldForSearch(account.fullName ?? '').replace(/\s+/g, '');
  if (name.length >= 4 && folded.includes(name)) problems.push('Mật khẩu không được chứa họ tên.');
  if (isCommonPassword(password)) problems.push('Mật khẩu quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.');
  return problems;
}
