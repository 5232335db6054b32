/**
 * The pki service (PKI-01..PKI-05): issues customs certificates from PKCS#10 requests, revokes
 * them (holder, officer, automatically on identity events), publishes the CRL, keeps legacy
 * transmission keys until they expire, and verifies signatures for the other services.
 */
import { createPrivateKey } from 'node:crypto';
import type { ServiceSchema } from 'moleculer';
import { forbidden, invalidField, isAppError, notFound, ruleViolation, unavailable } from '@puesc/kernel';
import { idempotentHandler, newEvent, subjectOf, type CloudEvent, type Subscription } from '@puesc/events';
import { callerOf, reply, requireExtended, requireRole, type Caller, type Ctx, type ServiceDeps } from '@puesc/service';
import {
  type CertificateAuthority,
  CsrProblem,
  IssuanceProblem,
  LEGACY_RENEWAL_REFUSAL,
  LegacyImportProblem,
  type LegacyKey,
  type RegisteredPerson,
  type RevocationReason,
  type TestAnchorMaterial,
  type TrustAnchors,
  buildCrl,
  crlToPem,
  defaultIssuancePolicy,
  issueCertificate,
  issueTestQualifiedCertificate,
  newSerial,
  normalizeSerial,
  parseCertificate,
  parseCsr,
  certificateToPem,
  prepareLegacyKey,
  signTrustedProfileAssertion,
  subjectFor,
  verifySignature,
  type IssuancePolicy,
} from './domain';
import { loadCa, loadTestAnchors, trustAnchors } from './authority';
import { readPkiConfig } from './config';
import {
  HOLDER_REASONS,
  IDENTITY_TRIGGERS,
  ISSUED,
  REVOKED,
  certificateView,
  crlParams,
  emptyParams,
  importLegacyParams,
  registerPkiEventSchemas,
  renewLegacyParams,
  requestCertificateParams,
  revokeParams,
  serialParams,
  statusView,
  testAssertionParams,
  testQualifiedParams,
  verificationView,
  verifySignatureParams,
} from './contracts';
import {
  type CertificateDoc,
  type CrlDoc,
  type RevocationDoc,
  type RevokedByKind,
  SEQ_CERTIFICATE_SERIAL,
  SEQ_CRL_NUMBER,
  pkiStore,
} from './store';

const SOURCE = '/pki';
const TAGS = ['pki'];
const CONSUMER = 'pki-identity-events';

const isConflict = (e: unknown): boolean => isAppError(e) && e.type === 'conflict';
const iso = (d: Date): string => d.toISOString();

/** identity.getPerson's answer, read tolerantly (field names as identity publishes them). */
interface PersonView {
  personId?: string;
  id?: string;
  accountId?: string;
  givenNames?: string;
  givenName?: string;
  surname?: string;
  familyName?: string;
  pesel?: string | null;
  document?: { country: string; type: string; number: string } | null;
  country?: string | null;
  citizenship?: string | null;
  email?: string | null;
  scope?: string;
  status?: string;
}

const DOC_TYPES: Record<string, 'ID_CARD' | 'PASSPORT' | 'OTHER'> = {
  'id-card': 'ID_CARD',
  passport: 'PASSPORT',
  ID_CARD: 'ID_CARD',
  PASSPORT: 'PASSPORT',
};

export function registeredPersonOf(v: PersonView, personId: string): RegisteredPerson {
  const givenName = v.givenNames ?? v.givenName ?? '';
  const familyName = v.surname ?? v.familyName ?? '';
  const country = (v.country ?? v.document?.country ?? v.citizenship ?? 'PL').toUpperCase();
  return {
    personId: v.personId ?? v.id ?? personId,
    givenName,
    familyName,
    country,
    ...(v.pesel ? { pesel: v.pesel } : {}),
    ...(!v.pesel && v.document
      ? {
          document: {
            type: DOC_TYPES[v.document.type] ?? 'OTHER',
            number: v.document.number,
            country: v.document.country.toUpperCase(),
          },
        }
      : {}),
    ...(v.email ? { email: v.email } : {}),
  };
}

export function create(deps: ServiceDeps): ServiceSchema {
  registerPkiEventSchemas();
  const cfg = readPkiConfig(deps.env, deps.mode);
  const db = pkiStore(deps.store);
  const { clock, logger } = deps;
  const policy: IssuancePolicy = {
    ...defaultIssuancePolicy(cfg.baseUrl),
    validityDays: cfg.env.PKI_CERT_VALIDITY_DAYS,
  };
  const refreshMs = cfg.env.PKI_CRL_REFRESH_MINUTES * 60_000;
  const crlValidityMs = cfg.env.PKI_CRL_VALIDITY_HOURS * 3_600_000;

  let ca: CertificateAuthority | undefined;
  let anchors: TrustAnchors | undefined;
  let testMaterial: TestAnchorMaterial | undefined;
  let timer: NodeJS.Timeout | undefined;
  let subscription: Subscription | undefined;
  let stopping = false;

  const authority = (): CertificateAuthority => {
    if (!ca) throw unavailable('the certificate authority is starting');
    return ca;
  };
  const trust = (): TrustAnchors => {
    if (!anchors) throw unavailable('the trust anchors are loading');
    return anchors;
  };

  // ---- CRL ------------------------------------------------------------------------------------
  let building: Promise<CrlDoc> | null = null;

  /** The current CRL; rebuilt when a revocation is missing from it, when due, or when forced. */
  async function currentCrl(force = false): Promise<CrlDoc> {
    const c = authority();
    const doc = await db.crls.get('current');
    const now = clock.now();
    if (!force && doc) {
      const count = await db.revocations.count({});
      const fresh =
        doc.revokedCount === count &&
        doc.issuerFingerprint === c.issuing.fingerprint &&
        now.getTime() < doc.thisUpdate.getTime() + refreshMs &&
        now < doc.nextUpdate;
      if (fresh) return doc;
    }
    // One build at a time in this process; a forced build after a revocation waits for its turn.
    while (building) await building.catch(() => undefined);
    building = buildAndStore(c);
    try {
      return await building;
    } finally {
      building = null;
    }
  }

  async function buildAndStore(c: CertificateAuthority): Promise<CrlDoc> {
    const entries = await db.revocations.find({}, { sort: { revokedAt: 1 } });
    const crlNumber = await db.sequences.increment(SEQ_CRL_NUMBER, 'value');
    const thisUpdate = clock.now();
    const nextUpdate = new Date(thisUpdate.getTime() + crlValidityMs);
    const der = buildCrl({
      ca: c,
      entries: entries.map((r) => ({ serial: r.serial, revokedAt: r.revokedAt, reason: r.reason })),
      thisUpdate,
      nextUpdate,
      crlNumber,
    });
    const fields = {
      crlNumber,
      thisUpdate,
      nextUpdate,
      der: der.toString('base64'),
      revokedCount: entries.length,
      issuerFingerprint: c.issuing.fingerprint,
    };
    const existing = await db.crls.get('current');
    try {
      if (!existing) return await db.crls.insert({ _id: 'current', ...fields });
      // Another replica may have stored a newer one meanwhile: keep the higher number.
      if (existing.crlNumber > crlNumber && existing.revokedCount >= entries.length) return existing;
      return await db.crls.update({ ...existing, ...fields });
    } catch (e) {
      if (!isAppError(e) || (e.type !== 'conflict' && e.type !== 'concurrent-modification')) throw e;
      // Lost a race with another replica: what it stored is at least as new; ours is valid too.
      return (await db.crls.get('current')) ?? { _id: 'current', version: 0, ...fields };
    }
  }

  // ---- revocation -----------------------------------------------------------------------------
  async function revoke(
    cert: CertificateDoc,
    reason: RevocationReason,
    by: RevocationDoc['by'],
    cause?: string,
  ): Promise<{ revocation: RevocationDoc; already: boolean }> {
    const existing = await db.revocations.get(cert.serial);
    if (existing) return { revocation: existing, already: true };
    const now = clock.now();
    const doc: RevocationDoc = {
      _id: cert.serial,
      serial: cert.serial,
      personId: cert.personId,
      accountId: cert.accountId,
      revokedAt: now,
      reason,
      by,
    };
    const event = newEvent({
      source: SOURCE,
      subject: REVOKED,
      time: now,
      data: {
        serial: cert.serial,
        personId: cert.personId,
        accountId: cert.accountId,
        revokedAt: iso(now),
        reason,
        revokedBy: by.kind,
        ...(cause ? { cause } : {}),
      },
    });
    let stored: RevocationDoc;
    try {
      stored = await db.revocations.insert(doc, { events: [event] });
    } catch (e) {
      if (!isConflict(e)) throw e;
      return { revocation: (await db.revocations.get(cert.serial))!, already: true };
    }
    deps.kickRelay();
    logger.info({ serial: cert.serial, reason, by: by.kind }, 'pki: certificate revoked');
    // A CRL that misses this revocation is rebuilt on the next read anyway.
    await currentCrl(true).catch((e) => logger.error({ err: e }, 'pki: CRL rebuild after revocation failed'));
    return { revocation: stored, already: false };
  }

  async function onIdentityEvent(event: CloudEvent): Promise<void> {
    const subject = subjectOf(event);
    const reason = IDENTITY_TRIGGERS[subject];
    if (!reason) return;
    const data = (event.data ?? {}) as { personId?: unknown; accountId?: unknown };
    const personId = typeof data.personId === 'string' ? data.personId : undefined;
    const accountId = typeof data.accountId === 'string' ? data.accountId : undefined;
    if (!personId && !accountId) {
      logger.warn({ event: event.id, type: event.type }, 'pki: identity event without personId/accountId ignored');
      return;
    }
    const certs = await db.certificates.find(personId ? { personId } : { accountId: accountId! });
    const now = clock.now();
    for (const c of certs) {
      if (c.notAfter < now) continue;
      await revoke(c, reason, { kind: 'system', event: event.id, eventType: event.type }, event.type);
    }
  }

  async function subscribe(attempt = 0): Promise<void> {
    if (stopping) return;
    try {
      subscription = await deps.bus.consume({
        durable: CONSUMER,
        subjects: Object.keys(IDENTITY_TRIGGERS),
        handler: idempotentHandler({ store: deps.store, consumer: CONSUMER, handler: (e) => onIdentityEvent(e) }),
      });
    } catch (e) {
      // identity's stream may not exist yet (distributed start order): try again shortly.
      logger.warn({ err: (e as Error).message, attempt }, 'pki: cannot subscribe to identity events yet');
      const t = setTimeout(() => void subscribe(attempt + 1), Math.min(1000 * 2 ** attempt, 30_000));
      t.unref();
    }
  }

  // ---- views ----------------------------------------------------------------------------------
  const certificateStatusOf = (c: CertificateDoc, r: RevocationDoc | null | undefined, now: Date) =>
    r ? 'revoked' : c.notAfter < now ? 'expired' : 'valid';

  const viewOf = (c: CertificateDoc, r: RevocationDoc | null | undefined, withChain = false) => ({
    serial: c.serial,
    status: certificateStatusOf(c, r, clock.now()),
    subject: c.subject,
    issuer: c.issuer,
    notBefore: iso(c.notBefore),
    notAfter: iso(c.notAfter),
    keyType: c.keyType,
    fingerprint: c.fingerprint,
    certificatePem: c.certificatePem,
    ...(withChain ? { chainPem: authority().chainPem } : {}),
    ...(r ? { revokedAt: iso(r.revokedAt), revocationReason: r.reason } : {}),
  });

  async function registeredPerson(ctx: Ctx<unknown>, caller: Caller): Promise<RegisteredPerson> {
    if (!caller.personId)
      throw ruleViolation('ID-03', 'register the person (with extended scope) before requesting a certificate');
    const view = await ctx.call<PersonView, { personId: string }>('identity.getPerson', { personId: caller.personId });
    if (!view) throw notFound('person', caller.personId);
    if (view.status && view.status !== 'active') throw forbidden('the person is not active', 'ID-03');
    if (view.scope && view.scope !== 'extended') throw forbidden('certificates require extended scope', 'ID-03');
    if (view.accountId && view.accountId !== caller.id)
      throw forbidden('the person is registered on another account', 'ID-02');
    const person = registeredPersonOf(view, caller.personId);
    try {
      subjectFor(person);
    } catch (e) {
      throw ruleViolation(
        'PKI-02',
        `the registered person data cannot form a certificate subject: ${(e as Error).message}`,
      );
    }
    return person;
  }

  const parseRequest = (csr: string) => {
    try {
      return parseCsr(csr, policy.keyPolicy);
    } catch (e) {
      if (!(e instanceof CsrProblem)) throw e;
      if (e.code === 'malformed') throw invalidField('csr', e.message, 'PKI-01');
      throw ruleViolation('PKI-01', e.message, { problem: e.code });
    }
  };

  const legacyOf = (d: {
    legacyId: string;
    system?: string;
    holder: LegacyKey['holder'];
    publicKeyPem: string;
    keyFingerprint: string;
    certificateFingerprint?: string;
    validFrom?: Date;
    expiresAt: Date;
  }): LegacyKey => ({
    legacyId: d.legacyId,
    ...(d.system ? { system: d.system } : {}),
    holder: d.holder,
    publicKeyPem: d.publicKeyPem,
    keyFingerprint: d.keyFingerprint,
    ...(d.certificateFingerprint ? { certificateFingerprint: d.certificateFingerprint } : {}),
    ...(d.validFrom ? { validFrom: d.validFrom } : {}),
    expiresAt: d.expiresAt,
  });

  // ---- actions --------------------------------------------------------------------------------
  const actions: ServiceSchema['actions'] = {
    requestCertificate: {
      params: requestCertificateParams,
      rest: 'POST /api/v1/pki/certificates',
      openapi: {
        summary: 'Request a customs certificate from a PKCS#10 request (PKI-01, PKI-02)',
        description:
          'Extended scope required. The subject is taken from the registered person, never from the request. Key: RSA ≥ 2048 bits or EC P-256. Returns the certificate and the CA chain as PEM.',
        tags: TAGS,
        status: 201,
        response: certificateView,
      },
      async handler(ctx: Ctx<{ csr: string }>) {
        const caller = requireExtended(ctx);
        const csr = parseRequest(ctx.params.csr);
        const person = await registeredPerson(ctx, caller);
        const now = clock.now();
        const mine = await db.certificates.find({ personId: person.personId, notAfter: { $gt: now } });
        if (mine.length) {
          const revoked = await db.revocations.find({ serial: { $in: mine.map((c) => c.serial) } });
          const active = mine.length - revoked.length;
          if (active >= cfg.env.PKI_MAX_ACTIVE_CERTIFICATES) {
            throw ruleViolation(
              'PKI-01',
              `at most ${cfg.env.PKI_MAX_ACTIVE_CERTIFICATES} valid certificates at a time: revoke one first`,
            );
          }
        }
        const c = authority();
        const seq = await db.sequences.increment(SEQ_CERTIFICATE_SERIAL, 'value');
        let issued;
        try {
          issued = issueCertificate({ ca: c, csr, person, serial: newSerial(seq), now, policy });
        } catch (e) {
          if (e instanceof IssuanceProblem) throw unavailable(e.message, 3600);
          throw e;
        }
        const doc: CertificateDoc = {
          _id: issued.serial,
          serial: issued.serial,
          personId: person.personId,
          accountId: caller.id,
          subject: issued.subjectText,
          issuer: issued.issuerText,
          notBefore: issued.notBefore,
          notAfter: issued.notAfter,
          keyType: issued.keyType,
          keyFingerprint: issued.keyFingerprint,
          fingerprint: issued.fingerprint,
          certificatePem: issued.certificatePem,
          claimedSubject: issued.claimedSubject,
          issuedAt: now,
        };
        const event = newEvent({
          source: SOURCE,
          subject: ISSUED,
          time: now,
          data: {
            serial: issued.serial,
            personId: person.personId,
            accountId: caller.id,
            issuer: issued.issuerText,
            notBefore: iso(issued.notBefore),
            notAfter: iso(issued.notAfter),
            keyType: issued.keyType,
            fingerprint: issued.fingerprint,
          },
        });
        const stored = await db.certificates.insert(doc, { events: [event] });
        deps.kickRelay();
        logger.info(
          { serial: issued.serial, personId: person.personId, keyType: issued.keyType },
          'pki: certificate issued',
        );
        return viewOf(stored, null, true);
      },
    },

    listMyCertificates: {
      params: emptyParams,
      rest: 'GET /api/v1/pki/certificates',
      openapi: {
        summary: "The caller's customs certificates, with their status",
        tags: TAGS,
        response: { type: 'array', items: certificateView },
      },
      async handler(ctx: Ctx) {
        const caller = callerOf(ctx);
        const certs = await db.certificates.find(
          caller.personId ? { personId: caller.personId } : { accountId: caller.id },
          { sort: { issuedAt: -1 } },
        );
        if (!certs.length) return [];
        const revs = await db.revocations.find({ serial: { $in: certs.map((c) => c.serial) } });
        const bySerial = new Map(revs.map((r) => [r.serial, r]));
        return certs.map((c) => viewOf(c, bySerial.get(c.serial)));
      },
    },

    revokeCertificate: {
      params: revokeParams,
      rest: 'POST /api/v1/pki/certificates/:serial/revoke',
      openapi: {
        summary: 'Revoke a customs certificate (PKI-03): by its holder or by an officer',
        description:
          'Idempotent: revoking a revoked certificate returns the existing revocation. The CRL is re-signed at once.',
        tags: TAGS,
        response: certificateView,
      },
      async handler(ctx: Ctx<{ serial: string; reason?: RevocationReason }>) {
        const caller = callerOf(ctx);
        const serial = serialOf(ctx.params.serial);
        const cert = await db.certificates.get(serial);
        const officer = caller.roles.find((r) => r === 'registration-officer' || r === 'admin');
        const holder =
          cert &&
          (cert.accountId === caller.id || (caller.personId !== undefined && cert.personId === caller.personId));
        if (!cert || (!holder && !officer)) throw notFound('certificate', serial);
        const reason = ctx.params.reason ?? 'unspecified';
        const kind: RevokedByKind = holder ? 'holder' : 'officer';
        if (kind === 'holder' && !(HOLDER_REASONS as readonly string[]).includes(reason)) {
          throw forbidden(`the reason ${reason} is for officers`, 'PKI-03');
        }
        const { revocation } = await revoke(cert, reason, {
          kind,
          accountId: caller.id,
          ...(kind === 'officer' ? { role: officer } : {}),
        });
        return viewOf(cert, revocation);
      },
    },

    getCrl: {
      params: crlParams,
      rest: 'GET /api/v1/pki/crl.der',
      auth: 'public',
      openapi: {
        summary: 'The certificate revocation list, DER (PKI-03)',
        description:
          'Signed by the issuing CA; the URL is the CRL distribution point of every customs certificate. `format=pem` or `json` for other forms.',
        tags: TAGS,
        produces: 'application/pkix-crl',
      },
      async handler(ctx: Ctx<{ format?: 'der' | 'pem' | 'json' }>) {
        return crlReply(ctx.params.format ?? 'der');
      },
    },

    getCrlPem: {
      params: emptyParams,
      rest: 'GET /api/v1/pki/crl.pem',
      auth: 'public',
      openapi: {
        summary: 'The certificate revocation list, PEM (PKI-03)',
        tags: TAGS,
        produces: 'application/x-pem-file',
      },
      async handler() {
        return crlReply('pem');
      },
    },

    getCaChain: {
      params: emptyParams,
      rest: 'GET /api/v1/pki/ca',
      auth: 'public',
      openapi: {
        summary: 'The platform CA certificates (issuing CA and root), PEM',
        tags: TAGS,
        response: {
          type: 'object',
          properties: {
            issuingCaPem: { type: 'string' },
            rootCaPem: { type: 'string' },
            chainPem: { type: 'string' },
            crlUrl: { type: 'string' },
            test: { type: 'boolean' },
          },
        },
      },
      async handler() {
        const c = authority();
        return {
          issuingCaPem: c.issuingPem,
          rootCaPem: c.rootPem,
          chainPem: c.chainPem,
          issuingCaFingerprint: c.issuing.fingerprint,
          rootCaFingerprint: c.root.fingerprint,
          crlUrl: policy.crlUrl,
          test: !cfg.ca,
        };
      },
    },

    getIssuingCaCertificate: {
      params: emptyParams,
      rest: 'GET /api/v1/pki/ca/issuing.cer',
      auth: 'public',
      openapi: {
        summary: 'The issuing CA certificate, DER (authorityInfoAccess caIssuers)',
        tags: TAGS,
        produces: 'application/pkix-cert',
      },
      async handler() {
        return reply({
          contentType: 'application/pkix-cert',
          base64: authority().issuing.der.toString('base64'),
          headers: { 'cache-control': 'public, max-age=86400' },
        });
      },
    },

    certificateStatus: {
      params: serialParams,
      rest: 'GET /api/v1/pki/certificates/:serial/status',
      auth: 'public',
      openapi: {
        summary: 'Revocation status of a customs certificate by serial number (PKI-03)',
        tags: TAGS,
        response: statusView,
      },
      async handler(ctx: Ctx<{ serial: string }>) {
        const serial = serialOf(ctx.params.serial);
        const now = clock.now();
        const cert = await db.certificates.get(serial);
        if (!cert) return { serial, status: 'unknown', checkedAt: iso(now) };
        const r = await db.revocations.get(serial);
        return {
          serial,
          status: r ? 'revoked' : 'good',
          expired: cert.notAfter < now,
          notBefore: iso(cert.notBefore),
          notAfter: iso(cert.notAfter),
          ...(r ? { revokedAt: iso(r.revokedAt), revocationReason: r.reason } : {}),
          checkedAt: iso(now),
        };
      },
    },

    importLegacyKeys: {
      params: importLegacyParams,
      rest: 'POST /api/v1/pki/legacy-keys',
      openapi: {
        summary: 'Import legacy keys for secure data transmission with their expiry (PKI-04, administrators)',
        description:
          'Idempotent per legacyId. A different key or a later expiry for a known legacyId is a renewal and is refused (PKI-04).',
        tags: TAGS,
      },
      async handler(ctx: Ctx<{ keys: Parameters<typeof prepareLegacyKey>[0][] }>) {
        const caller = requireRole(ctx, 'admin');
        const imported: string[] = [];
        const unchanged: string[] = [];
        const refused: { legacyId: string; message: string; rule?: string }[] = [];
        for (const item of ctx.params.keys) {
          let k: LegacyKey;
          try {
            k = prepareLegacyKey(item);
          } catch (e) {
            if (!(e instanceof LegacyImportProblem)) throw e;
            refused.push({ legacyId: item.legacyId, message: e.message });
            continue;
          }
          const existing = await db.legacyKeys.get(k.legacyId);
          if (existing) {
            if (existing.keyFingerprint === k.keyFingerprint && existing.expiresAt.getTime() === k.expiresAt.getTime())
              unchanged.push(k.legacyId);
            else
              refused.push({
                legacyId: k.legacyId,
                message: 'already imported with another key or expiry; legacy keys are never renewed',
                rule: 'PKI-04',
              });
            continue;
          }
          try {
            await db.legacyKeys.insert({
              _id: k.legacyId,
              legacyId: k.legacyId,
              ...(k.system ? { system: k.system } : {}),
              holder: k.holder,
              publicKeyPem: k.publicKeyPem,
              keyFingerprint: k.keyFingerprint,
              ...(k.certificateFingerprint ? { certificateFingerprint: k.certificateFingerprint } : {}),
              ...(k.validFrom ? { validFrom: k.validFrom } : {}),
              expiresAt: k.expiresAt,
              importedAt: clock.now(),
              importedBy: caller.id,
            });
            imported.push(k.legacyId);
          } catch (e) {
            if (!isConflict(e)) throw e;
            unchanged.push(k.legacyId);
          }
        }
        logger.info(
          { imported: imported.length, unchanged: unchanged.length, refused: refused.length },
          'pki: legacy keys imported',
        );
        return { imported, unchanged, refused };
      },
    },

    renewLegacyKey: {
      params: renewLegacyParams,
      rest: 'POST /api/v1/pki/legacy-keys/:legacyId/renew',
      auth: 'optional',
      openapi: {
        summary: 'Renew a legacy transmission key: always refused, pointing to the customs certificate (PKI-04)',
        tags: TAGS,
      },
      async handler() {
        throw ruleViolation(LEGACY_RENEWAL_REFUSAL.rule, LEGACY_RENEWAL_REFUSAL.message, {
          alternative: LEGACY_RENEWAL_REFUSAL.alternative,
        });
      },
    },

    verifySignature: {
      params: verifySignatureParams,
      rest: 'POST /api/v1/pki/signatures/verify',
      auth: 'optional',
      rateLimit: { max: 60, timeWindow: '1 minute' },
      openapi: {
        summary: 'Verify a signature (PKI-05): qualified, customs certificate or trusted profile',
        description:
          'The profile is in docs/pki-signatures.md. Returns the method, the signer, the certificate status at the signing time and the signing time, or `valid: false` with one reason.',
        tags: TAGS,
        response: verificationView,
      },
      async handler(
        ctx: Ctx<{
          jws: string;
          content?: string;
          contentSha256?: string;
          purpose?: 'document' | 'transmission';
          maxAgeSeconds?: number;
        }>,
      ) {
        const p = ctx.params;
        return verifySignature(
          {
            jws: p.jws,
            ...(p.content !== undefined ? { content: Buffer.from(p.content, 'base64') } : {}),
            ...(p.contentSha256 !== undefined ? { contentSha256: p.contentSha256 } : {}),
            ...(p.purpose ? { purpose: p.purpose } : {}),
            ...(p.maxAgeSeconds !== undefined ? { maxAgeSeconds: p.maxAgeSeconds } : {}),
          },
          {
            now: clock.now(),
            anchors: trust(),
            clockSkewSeconds: cfg.env.PKI_SIGNATURE_CLOCK_SKEW_SECONDS,
            customsCertificate: async (serial) => {
              const cert = await db.certificates.get(serial);
              if (!cert) return { known: false };
              const r = await db.revocations.get(serial);
              return { known: true, revocation: r ? { serial, revokedAt: r.revokedAt, reason: r.reason } : null };
            },
            legacyKey: async (id) => {
              const d = await db.legacyKeys.get(id);
              return d ? legacyOf(d) : null;
            },
          },
        );
      },
    },
  };

  // TEST anchors: demo helpers that sign with the TEST qualified CA and TEST trusted-profile key.
  if (cfg.testAnchors) {
    Object.assign(actions, {
      testTrustedProfileAssertion: {
        params: testAssertionParams,
        rest: 'POST /api/v1/pki/test/trusted-profile-assertions',
        openapi: {
          summary: 'TEST ONLY: a trusted-profile assertion for the caller, signed by the TEST provider key',
          description: 'Present only where TEST trust anchors are enabled (embedded/demo mode).',
          tags: [...TAGS, 'test'],
          status: 201,
        },
        async handler(ctx: Ctx<{ contentSha256: string }>) {
          const caller = callerOf(ctx);
          const m = testMaterial;
          if (!m) throw unavailable('TEST anchors are loading');
          if (!caller.personId) throw ruleViolation('ID-03', 'register the person first');
          const view = await ctx.call<PersonView, { personId: string }>('identity.getPerson', {
            personId: caller.personId,
          });
          const person = registeredPersonOf(view, caller.personId);
          const jws = await signTrustedProfileAssertion(
            {
              iss: m.trustedProfileId,
              sub: `test-${person.personId}`,
              iat: Math.floor(clock.now().getTime() / 1000),
              given_name: person.givenName,
              family_name: person.familyName,
              ...(person.pesel ? { pesel: person.pesel } : {}),
              puesc_person_id: person.personId,
              'x-content-sha256': ctx.params.contentSha256,
            },
            createPrivateKey(m.trustedProfileKeyPem),
          );
          return { jws, test: true };
        },
      },
      testQualifiedCertificate: {
        params: testQualifiedParams,
        rest: 'POST /api/v1/pki/test/qualified-certificates',
        openapi: {
          summary: 'TEST ONLY: a qualified-looking certificate from the TEST qualified CA for the caller',
          description: 'Present only where TEST trust anchors are enabled (embedded/demo mode).',
          tags: [...TAGS, 'test'],
          status: 201,
        },
        async handler(ctx: Ctx<{ csr: string }>) {
          const caller = callerOf(ctx);
          const m = testMaterial;
          if (!m) throw unavailable('TEST anchors are loading');
          const csr = parseRequest(ctx.params.csr);
          if (!caller.personId) throw ruleViolation('ID-03', 'register the person first');
          const view = await ctx.call<PersonView, { personId: string }>('identity.getPerson', {
            personId: caller.personId,
          });
          const now = clock.now();
          const der = issueTestQualifiedCertificate(m, {
            subject: subjectFor(registeredPersonOf(view, caller.personId)),
            spki: csr.publicKey.spkiDer,
            notBefore: new Date(now.getTime() - 60_000),
            notAfter: new Date(now.getTime() + 365 * 86_400_000),
          });
          const cert = parseCertificate(der);
          return {
            serial: cert.serial,
            certificatePem: certificateToPem(der),
            chainPem: m.qualifiedCaCertPem,
            notAfter: iso(cert.notAfter),
            test: true,
          };
        },
      },
    });
  }

  function serialOf(s: string): string {
    try {
      return normalizeSerial(s);
    } catch {
      throw invalidField('serial', 'a serial number is hexadecimal');
    }
  }

  async function crlReply(format: 'der' | 'pem' | 'json') {
    const crl = await currentCrl();
    const der = Buffer.from(crl.der, 'base64');
    const headers = {
      'cache-control': 'public, max-age=300',
      'last-modified': crl.thisUpdate.toUTCString(),
      expires: crl.nextUpdate.toUTCString(),
    };
    if (format === 'der') return reply({ contentType: 'application/pkix-crl', base64: crl.der, headers });
    if (format === 'pem') return reply({ contentType: 'application/x-pem-file', body: crlToPem(der), headers });
    const revoked = await db.revocations.find({}, { sort: { revokedAt: 1 } });
    return {
      crlNumber: crl.crlNumber,
      thisUpdate: iso(crl.thisUpdate),
      nextUpdate: iso(crl.nextUpdate),
      der: crl.der,
      pem: crlToPem(der),
      revoked: revoked.map((r) => ({ serial: r.serial, revokedAt: iso(r.revokedAt), reason: r.reason })),
    };
  }

  return {
    name: 'pki',
    actions,
    async started() {
      ca = await loadCa(cfg, db, clock, logger);
      if (cfg.testAnchors) testMaterial = await loadTestAnchors(db, clock, logger);
      anchors = trustAnchors(cfg, ca, testMaterial);
      if (!anchors.qualified.length)
        logger.warn('pki: no qualified trust anchors configured: qualified signatures will be refused');
      if (!anchors.trustedProfile.length)
        logger.warn('pki: no trusted-profile provider key configured: trusted-profile signatures will be refused');
      await currentCrl();
      timer = setInterval(
        () => {
          currentCrl().catch((e) => logger.error({ err: e }, 'pki: scheduled CRL refresh failed'));
        },
        Math.min(refreshMs, 5 * 60_000),
      );
      timer.unref();
      await subscribe();
    },
    async stopped() {
      stopping = true;
      if (timer) clearInterval(timer);
      await subscription?.stop();
    },
  };
}
