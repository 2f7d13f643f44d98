import { hashRaw } from '@node-rs/argon2';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The TOTP secret at rest: AES-256-GCM under a key derived from the account's password (argon2id, own
 * salt). The server holds no key that opens it, so neither the API nor a copy of the database reveals
 * it; it can be opened only while the user types the password (sign-in, password change). A password
 * reset by an administrator therefore also resets two-factor: the account enrols again.
 */
const KDF = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

async function deriveKey(password: string, salt: Buffer): Promise<Buffer> {
  return hashRaw(password, { ...KDF, salt });
}

export async function sealSecret(secret: string, password: string): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(password, salt), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', salt, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The secret, or null when the password is not the one it was sealed with (or the value is damaged). */
export async function openSecret(sealed: string, password: string): Promise<string | null> {
  const [version, salt, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !salt || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      await deriveKey(password, Buffer.from(salt, 'base64url')),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
