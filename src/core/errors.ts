/**
 * Operation errors: one class, a closed union of codes. core/ and app/ never name an HTTP status;
 * http/errors.ts maps every code to a status and a Vietnamese message (a new code without a
 * mapping does not compile).
 */
export type AppErrorCode =
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN_ACTION'
  | 'INVALID_OPERATION'
  | 'FROZEN'
  | 'IMPORT_REJECTED'
  // Accounts and authentication (0004_accounts.sql)
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TOTP_ENROLLMENT_REQUIRED'
  | 'TOTP_REQUIRED'
  | 'INVALID_TOTP'
  | 'ACCOUNT_LOCKED'
  | 'TOO_MANY_ATTEMPTS'
  | 'INVALID_TOKEN';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}${Object.keys(details).length ? ` ${JSON.stringify(details)}` : ''}`);
    this.name = 'AppError';
  }
}
