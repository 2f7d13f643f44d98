import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import {
  findLoginAccount,
  updateTotp,
  type LoginAccount,
  type SessionAccount,
} from '../../db/repos/accounts.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import { fieldError } from './change-password.ts';
import { verifyPassword } from './passwords.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, totpUri, verifyTotp } from './totp.ts';

/**
 * A new secret to scan. Nothing is stored yet: the account turns two-factor on by sending the secret
 * back with a code from the app and its password (enableTwoFactor), which proves the app holds it.
 */
export function startTwoFactorSetup(account: { username: string }) {
  const secret = generateTotpSecret();
  return { secret, otpauthUri: totpUri(account.username, secret) };
}

async function reauthenticate(db: Db, session: SessionAccount, password: string): Promise<LoginAccount> {
  const account = await findLoginAccount(db, { id: session.id });
  if (!account) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(account.passwordHash, password)))
    throw fieldError('password', ['Mật khẩu không đúng.']);
  return account;
}

function audit(account: LoginAccount, action: string, requestId: string, after?: unknown) {
  return {
    actorId: account.id,
    actorName: account.username,
    action,
    entity: 'account' as const,
    entityId: account.id,
    provinceCode: account.scopeProvinceCode,
    after,
    requestId,
  };
}

export async function enableTwoFactor(
  db: Db,
  session: SessionAccount,
  input: { secret: string; code: string; password: string; requestId: string; now?: Date },
): Promise<{ recoveryCodes: string[] }> {
  const account = await reauthenticate(db, session, input.password);
  if (account.totpEnabled) throw new AppError('INVALID_OPERATION', { reason: 'TOTP_ALREADY_ON' });
  const step = verifyTotp(input.secret, input.code, input.now ?? new Date(), null);
  if (step === null)
    throw fieldError('code', ['Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới.']);
  const recoveryCodes = generateRecoveryCodes();
  const secretEnc = await sealSecret(input.secret, input.password);
  await db.transaction().execute(async (tx) => {
    await updateTotp(tx, account.id, {
      secretEnc,
      enabledAt: input.now ?? new Date(),
      lastStep: step,
      recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
    });
    await recordAudit(tx, audit(account, 'account.totp_enabled', input.requestId));
  });
  return { recoveryCodes };
}

/** Password and a current code (or a recovery code) prove the person holds both factors. */
async function proveBothFactors(
  db: Db,
  session: SessionAccount,
  input: { password: string; code: string; now?: Date },
): Promise<{ account: LoginAccount; secret: string }> {
  const account = await reauthenticate(db, session, input.password);
  if (!account.totpEnabled || !account.totpSecretEnc)
    throw new AppError('INVALID_OPERATION', { reason: 'TOTP_NOT_ON' });
  const secret = await openSecret(account.totpSecretEnc, input.password);
  const step = secret ? verifyTotp(secret, input.code, input.now ?? new Date(), account.totpLastStep) : null;
  const isRecovery = account.recoveryCodeHashes.includes(hashRecoveryCode(input.code));
  if (!secret || (step === null && !isRecovery)) throw new AppError('INVALID_TOTP');
  if (step !== null) await updateTotp(db, account.id, { lastStep: step });
  else
    await updateTotp(db, account.id, {
      recoveryCodeHashes: account.recoveryCodeHashes.filter((h) => h !== hashRecoveryCode(input.code)),
    });
  return { account, secret };
}

export async function disableTwoFactor(
  db: Db,
  session: SessionAccount,
  input: { password: string; code: string; requestId: string; now?: Date },
): Promise<void> {
  if (session.totpRequired) throw new AppError('INVALID_OPERATION', { reason: 'TOTP_MANDATORY' });
  const { account } = await proveBothFactors(db, session, input);
  await db.transaction().execute(async (tx) => {
    await updateTotp(tx, account.id, {
      secretEnc: null,
      enabledAt: null,
      lastStep: null,
      recoveryCodeHashes: [],
    });
    await recordAudit(tx, audit(account, 'account.totp_disabled', input.requestId));
  });
}

export async function regenerateRecoveryCodes(
  db: Db,
  session: SessionAccount,
  input: { password: string; code: string; requestId: string; now?: Date },
): Promise<{ recoveryCodes: string[] }> {
  const { account } = await proveBothFactors(db, session, input);
  const recoveryCodes = generateRecoveryCodes();
  await db.transaction().execute(async (tx) => {
    await updateTotp(tx, account.id, { recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode) });
    await recordAudit(tx, audit(account, 'account.recovery_codes_regenerated', input.requestId));
  });
  return { recoveryCodes };
}
