import { createHash, randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';

export const TOTP_ISSUER = 'CSDL Đảng viên 4.0';
const STEP_SECONDS = 30;

export const generateTotpSecret = () => authenticator.generateSecret(20);

export const totpUri = (username: string, secret: string) =>
  authenticator.keyuri(username, TOTP_ISSUER, secret);

/**
 * The time step a 6-digit code belongs to (±1 step of clock drift), or null. A step at or before
 * `lastStep` is refused: a code seen once (over a shoulder, in a log) cannot be used again.
 */
export function verifyTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const checker = authenticator.clone({ epoch: now.getTime(), window: 1 });
  const delta = checker.checkDelta(token, secret);
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / STEP_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** Ten one-time recovery codes, shown once; only their SHA-256 is stored. */
export function generateRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export const hashRecoveryCode = (code: string) =>
  createHash('sha256').update(code.trim().toLowerCase().replace(/\s+/g, '')).digest('hex');
