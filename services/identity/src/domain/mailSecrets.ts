import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Issue 18 item 12: a one-time code never travels in an event nor rests in clear. The mail event
 * carries `secretRef: true`; the template values it leaves out are kept sealed (AES-256-GCM, the
 * event id as associated data) until the code they hold expires or stops being the valid one,
 * and notifications asks for them (identity.mailSecret) when it renders the mail.
 */

/** Where the code the values hold lives, to tell whether it is still the valid one. */
export interface SecretRef {
  kind: 'account' | 'legacy-record';
  id: string;
  purpose: string;
  /** The salt of the stored code hash: a newer code (or none) means these values are void. */
  salt: string;
}

export interface MailSecret {
  /** The mail event's id. */
  eventId: string;
  sealed: string;
  expiresAt: Date;
  ref: SecretRef;
}

/** The 32-byte sealing key: derived from the configured key-encryption secret. */
export const sealingKey = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'puesc-identity', 'mail-secret-seal', 32));

/** A key for one process, when no secret is configured (values do not survive a restart). */
export const ephemeralSealingKey = (): Buffer => randomBytes(32);

export function sealValues(values: Record<string, string>, key: Buffer, eventId: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(eventId));
  const body = Buffer.concat([c.update(JSON.stringify(values), 'utf8'), c.final()]);
  return `v1:${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
}

/** The values, or null when they cannot be opened (another key, tampered, another event). */
export function openValues(sealed: string, key: Buffer, eventId: string): Record<string, string> | null {
  const [v, iv, tag, body] = sealed.split(':');
  if (v !== 'v1' || !iv || !tag || !body) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(eventId));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return JSON.parse(Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8'));
  } catch {
    return null;
  }
}

/** Whether the values may still be handed out: not expired, and their code is still the stored one. */
export const stillValid = (s: MailSecret, storedSalt: string | undefined, now: Date): boolean =>
  now.getTime() < s.expiresAt.getTime() && storedSalt === s.ref.salt;
