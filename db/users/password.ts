/**
 * Passwords: scrypt from node:crypto (no native add-on). Each hash carries its own parameters and salt, so
 * the cost can be raised later without invalidating stored hashes:
 *
 *   scrypt$16384$8$1$<salt, base64>$<hash, base64>      N = 16384, r = 8, p = 1, 16-byte salt, 32-byte key
 *
 * Verification recomputes with the stored parameters and compares in constant time (timingSafeEqual).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32, saltBytes: 16 } as const;
/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** 128·N·r bytes of memory plus headroom; the default limit (32 MB) would refuse larger stored parameters. */
function maxmem(N: number, r: number): number {
  return 128 * N * r * 2 + 1024 * 1024;
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keyLength, saltBytes } = SCRYPT_PARAMS;
  const salt = randomBytes(saltBytes);
  const key = await scryptAsync(password, salt, keyLength, { N, r, p, maxmem: maxmem(N, r) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A stored hash this module can read, or null (then no password can match it). */
function parseHash(stored: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parseHash(stored) : null;
  if (!parsed) {
    // Spend the same time as a real check, so a missing user or password cannot be told apart by timing.
    await hashPassword(password);
    return false;
  }
  const { N, r, p, salt, key } = parsed;
  const computed = await scryptAsync(password, salt, key.length, { N, r, p, maxmem: maxmem(N, r) });
  return computed.length === key.length && timingSafeEqual(computed, key);
}

/**
 * The password rule: at least 8 characters, not the login name. Returns the Chinese message saying what to
 * change, or null when the password is acceptable.
 */
export function passwordProblem(password: string, login: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符,请设置更长的密码`;
  if (length > MAX_PASSWORD_LENGTH) return `密码最多 ${MAX_PASSWORD_LENGTH} 个字符,请缩短`;
  if (password.trim().toLowerCase() === login.trim().toLowerCase()) return '密码不能与用户名相同,请换一个别人猜不到的密码';
  if (/^\s|\s$/.test(password)) return '密码首尾不能是空格,请删除首尾空格';
  return null;
}
