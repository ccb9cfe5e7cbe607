/**
 * Field-level encryption of personal data and keyed blind indexes (ADR 0007).
 *
 * - Encryption: AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per value and the column name
 *   (`table.column`) as additional authenticated data, so a ciphertext copied into another column
 *   fails to decrypt. Stored as text `v1.<keyId>.<iv b64url>.<ciphertext‖tag b64url>`.
 * - Blind index: HMAC-SHA256 of `<kind>:<normalised value>`, truncated to 16 bytes (32 hex chars), so
 *   exact-match search and import matching work without decrypting.
 * - Each master key yields two sub-keys through HKDF-SHA256 (RFC 5869): one for encryption, one for the
 *   blind index; the master key itself never touches data.
 *
 * Pure apart from the random IV: no files, no environment (the keyring is loaded in `keyring.ts`).
 */
import crypto from 'node:crypto';

/** The key material: which key encrypts new values, and every key that may still decrypt old ones (base64, 32 bytes each). */
export interface Keyring {
  current: string;
  keys: Record<string, string>;
}

/** Blind-index domains: the same value in two domains gets two unrelated indexes. */
export type BidxKind = 'id' | 'card' | 'phone' | 'address';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** 16 bytes of HMAC-SHA256: collisions need ~2^64 values, far beyond any portfolio. */
const BIDX_BYTES = 16;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Random 96-bit IVs taken from a pool refilled by the CSPRNG 4,096 IVs at a time (one system call per
 * pool instead of per value: imports encrypt several values per row). Each IV is used once.
 */
const IV_POOL = Buffer.alloc(IV_BYTES * 4096);
let ivAt = IV_POOL.length;
function nextIv(): Buffer {
  if (ivAt + IV_BYTES > IV_POOL.length) {
    crypto.randomFillSync(IV_POOL);
    ivAt = 0;
  }
  // a copy: the pool is overwritten on the next refill
  const iv = Buffer.from(IV_POOL.subarray(ivAt, ivAt + IV_BYTES));
  ivAt += IV_BYTES;
  return iv;
}

interface SubKeys {
  enc: crypto.KeyObject;
  idx: crypto.KeyObject;
}

const hkdf = (master: Buffer, info: string) => crypto.createSecretKey(Buffer.from(crypto.hkdfSync('sha256', master, Buffer.from('recova-pii'), Buffer.from(info), 32)));

/** A stable, non-secret id for a key: `k` + 8 hex chars of SHA-256 over a label and the key. */
export function keyIdFor(keyB64: string): string {
  return 'k' + crypto.createHash('sha256').update('recova key id\0').update(Buffer.from(keyB64, 'base64')).digest('hex').slice(0, 8);
}

/** A new random 256-bit key, base64. */
export function newKey(): string {
  return crypto.randomBytes(32).toString('base64');
}

/** Check a keyring's shape: ids, 32-byte keys, current present. Throws an Error naming the problem (never the key). */
export function validateKeyring(k: Keyring): Keyring {
  if (!k || typeof k !== 'object' || typeof k.current !== 'string' || !k.keys || typeof k.keys !== 'object') throw new Error('key ring must be { "current": id, "keys": { id: base64 key } }');
  for (const [id, b64] of Object.entries(k.keys)) {
    if (!KEY_ID_RE.test(id)) throw new Error(`key id "${id}" must be 1–32 letters, digits, _ or -`);
    if (typeof b64 !== 'string' || Buffer.from(b64, 'base64').length !== 32) throw new Error(`key "${id}" is not 32 bytes of base64`);
  }
  if (!(k.current in k.keys)) throw new Error(`current key "${k.current}" is not in the key ring`);
  return k;
}

/** Is a stored value one of our ciphertexts (as opposed to legacy plaintext)? */
export const isEncrypted = (v: string | null | undefined): v is string => typeof v === 'string' && v.startsWith(`${VERSION}.`);

/** The key id a stored ciphertext was made with, or null for plaintext. */
export function keyIdOf(v: string | null | undefined): string | null {
  if (!isEncrypted(v)) return null;
  return v.split('.', 3)[1] ?? null;
}

/** Encrypt, decrypt and index personal data with one keyring. */
export class PiiCipher {
  readonly current: string;
  readonly keyIds: string[];
  private readonly sub = new Map<string, SubKeys>();
  /** the column names as AAD bytes, built once per column (imports encrypt ~15 values a row) */
  private readonly aadBytes = new Map<string, Buffer>();
  private readonly encKey: crypto.KeyObject;

  constructor(ring: Keyring) {
    validateKeyring(ring);
    this.current = ring.current;
    // current first, so lookups and index lists start with the likeliest key
    this.keyIds = [ring.current, ...Object.keys(ring.keys).filter((id) => id !== ring.current)];
    for (const id of this.keyIds) {
      const master = Buffer.from(ring.keys[id], 'base64');
      this.sub.set(id, { enc: hkdf(master, 'recova/pii/aes-256-gcm/v1'), idx: hkdf(master, 'recova/pii/blind-index/v1') });
    }
    this.encKey = this.sub.get(this.current)!.enc;
  }

  private aad(column: string): Buffer {
    let b = this.aadBytes.get(column);
    if (!b) this.aadBytes.set(column, (b = Buffer.from(column)));
    return b;
  }

  /** Encrypt `plain` for column `aad` (e.g. 'cases.id_number'); null and '' stay as they are. */
  encrypt(aad: string, plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return plain ?? null;
    const iv = nextIv();
    const c = crypto.createCipheriv('aes-256-gcm', this.encKey, iv);
    c.setAAD(this.aad(aad));
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
    return `${VERSION}.${this.current}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /**
   * Decrypt a stored value of column `aad`. Plaintext (a value written before encryption, not yet
   * converted) is returned unchanged. Throws when the key is unknown or the value was tampered with
   * or moved from another column (GCM tag check) — the message names the column, never the value.
   */
  decrypt(aad: string, stored: string | null | undefined): string | null {
    if (stored === null || stored === undefined) return null;
    if (!isEncrypted(stored)) return stored;
    const [, kid, ivs, bodys] = stored.split('.');
    const keys = this.sub.get(kid);
    if (!keys) throw new Error(`${aad}: value encrypted with unknown key "${kid}"`);
    const body = Buffer.from(bodys ?? '', 'base64url');
    try {
      const d = crypto.createDecipheriv('aes-256-gcm', keys.enc, Buffer.from(ivs ?? '', 'base64url'));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([d.update(body.subarray(0, body.length - TAG_BYTES)), d.final()]).toString('utf8');
    } catch {
      throw new Error(`${aad}: value does not decrypt (tampered, truncated or moved from another column)`);
    }
  }

  /** Blind index of an already normalised value under the current key (null for empty). */
  bidx(kind: BidxKind, normalised: string | null | undefined): string | null {
    if (!normalised) return null;
    return this.bidxWith(this.current, kind, normalised);
  }

  /** Blind indexes of a value under every key in the ring (for lookups while a rotation is half done). */
  bidxAll(kind: BidxKind, normalised: string): string[] {
    return this.keyIds.map((id) => this.bidxWith(id, kind, normalised));
  }

  private bidxWith(id: string, kind: BidxKind, v: string): string {
    return crypto.createHmac('sha256', this.sub.get(id)!.idx).update(`${kind}:${v}`).digest().subarray(0, BIDX_BYTES).toString('hex');
  }
}
