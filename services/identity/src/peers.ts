import { createHash } from 'node:crypto';
import { isAppError, unavailable } from '@puesc/kernel';
import { SIGNATURE_METHODS, type SignatureMethod, type SignatureVerdict, type SignatureVerifier } from './domain/scope';
import type { CompanyRef } from './domain/representations';

/**
 * The peers of identity behind small interfaces: `pki.verifySignature` and `registry.getCompany`
 * over the broker, answered as identity's domain reads them.
 */

/** Something that can call another service's action (a Moleculer context or broker). */
export interface ActionCaller {
  call<T = unknown>(action: string, params?: object, opts?: object): Promise<T>;
}

const isMissingService = (e: unknown): boolean => {
  const name = (e as { name?: string })?.name ?? '';
  return name === 'ServiceNotFoundError' || name === 'ServiceNotAvailableError' || name === 'RequestTimeoutError';
};

/** Decodes the payload of an attached compact JWS (used only after pki said it verifies). */
function attachedPayload(jws: string): string | undefined {
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    return Buffer.from(parts[1], 'base64url').toString('utf8');
  } catch {
    return undefined;
  }
}

interface PkiSuccess {
  valid: true;
  method: string;
  signer?: {
    name?: string;
    givenName?: string;
    familyName?: string;
    pesel?: string;
    personId?: string;
    organizationIdentifier?: string;
  };
  signedAt?: string;
  contentSha256?: string;
}
interface PkiRefusal {
  valid: false;
  reason: string;
  detail?: string;
}

/**
 * ID-04 via PKI-05: the real SignatureVerifier, calling `pki.verifySignature` over the broker.
 * The signed content is the registration request document (JSON); it may travel detached
 * (`content`) or inside the JWS.
 */
export function pkiSignatureVerifier(caller: ActionCaller): SignatureVerifier {
  return {
    async verify({ jws, content }): Promise<SignatureVerdict> {
      let r: PkiSuccess | PkiRefusal;
      try {
        r = await caller.call<PkiSuccess | PkiRefusal>('pki.verifySignature', {
          jws,
          ...(content !== undefined ? { content: Buffer.from(content, 'utf8').toString('base64') } : {}),
          purpose: 'document',
        });
      } catch (e) {
        if (isMissingService(e)) throw unavailable('signature verification (pki) is not available; try again later');
        throw e;
      }
      if (!r.valid) return { valid: false, reason: r.detail ? `${r.reason}: ${r.detail}` : r.reason, rule: 'PKI-05' };
      if (!(SIGNATURE_METHODS as readonly string[]).includes(r.method))
        return { valid: false, reason: `signature method ${r.method} is not accepted on documents`, rule: 'PKI-05' };
      const payload = content ?? attachedPayload(jws);
      if (content !== undefined && r.contentSha256) {
        const digest = createHash('sha256').update(content, 'utf8').digest('base64url');
        if (digest !== r.contentSha256)
          return { valid: false, reason: 'the signature covers different content', rule: 'PKI-05' };
      }
      const s = r.signer ?? {};
      return {
        valid: true,
        method: r.method as SignatureMethod,
        signer: {
          ...(s.pesel ? { pesel: s.pesel } : {}),
          ...(s.personId ? { personId: s.personId } : {}),
          ...(s.givenName ? { givenNames: s.givenName } : {}),
          ...(s.familyName ? { surname: s.familyName } : {}),
          ...(s.name ? { name: s.name } : {}),
          ...(s.organizationIdentifier ? { organizationIdentifier: s.organizationIdentifier } : {}),
        },
        ...(r.signedAt ? { signedAt: r.signedAt } : {}),
        ...(payload !== undefined ? { payload } : {}),
      };
    },
  };
}

/** Where identity looks companies up (the registry service owns them). */
export interface CompanyDirectory {
  find(ref: { companyId?: string; eori?: string; nip?: string }): Promise<(CompanyRef & { status?: string }) | null>;
}

interface RegistryCompany {
  id?: string;
  companyId?: string;
  status?: string;
  eori?: string | null;
  name?: string;
  nip?: string;
  data?: { name?: string; nip?: string };
}

/** The real directory: `registry.getCompany` over the broker. Removed or rejected companies are not found. */
export function registryCompanyDirectory(caller: ActionCaller): CompanyDirectory {
  return {
    async find(ref) {
      const params = ref.companyId ? { id: ref.companyId } : ref.eori ? { eori: ref.eori } : { nip: ref.nip };
      let c: RegistryCompany | null;
      try {
        c = await caller.call<RegistryCompany | null>('registry.getCompany', params);
      } catch (e) {
        if (isAppError(e) && e.code === 404) return null;
        if ((e as { code?: number }).code === 404) return null;
        if (isMissingService(e)) throw unavailable('the registry is not available; try again later');
        throw e;
      }
      if (!c) return null;
      const id = c.id ?? c.companyId;
      if (!id || c.status === 'removed' || c.status === 'rejected') return null;
      return {
        id,
        name: c.data?.name ?? c.name ?? null,
        nip: c.data?.nip ?? c.nip ?? null,
        eori: c.eori ?? null,
        ...(c.status ? { status: c.status } : {}),
      };
    },
  };
}

/** The other services identity asks: pki for signatures (ID-04), the registry for companies (ID-01). */
export interface Peers {
  signatures: SignatureVerifier;
  companies: CompanyDirectory;
}

/** Replacements of the peers (tests only). */
export interface PeerOverrides {
  signatureVerifier?: SignatureVerifier;
  companyDirectory?: CompanyDirectory;
}

/** The peers reached through `via` (the caller's context, or the broker for event handlers). */
export const peersVia = (via: ActionCaller, o: PeerOverrides = {}): Peers => ({
  signatures: o.signatureVerifier ?? pkiSignatureVerifier(via),
  companies: o.companyDirectory ?? registryCompanyDirectory(via),
});
