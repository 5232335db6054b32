import type { Actor } from '../../src/domain/actor';
import { localDateOf, warsawInstant } from '../../src/domain/calendar';
import type { PermitApplication, RegistryCompany } from '../../src/domain/conditions';
import type { GuaranteeInput } from '../../src/domain/guarantee';
import { unwrap, type Result } from '../../src/domain/rules';
import {
  acceptApplication,
  admitApplication,
  grantPermit,
  openCase,
  type GrantCommand,
  type NumberAllocator,
  type PermitCase,
  type Transition,
} from '../../src/domain/caseMachine';

/** An instant given as Warsaw wall time: `w('2025-12-10 10:00')`, `w('2025-12-29 23:59:59.999')`. */
export function w(local: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?$/.exec(local);
  if (!m) throw new Error(`bad local time ${local}`);
  return warsawInstant(m[1]!, Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

export const OFFICE = 'PL301000';
export const OTHER_OFFICE = 'PL441000';
export const officer: Actor = { kind: 'officer', office: OFFICE, officerId: 'anna' };
export const otherOfficer: Actor = { kind: 'officer', office: OTHER_OFFICE, officerId: 'piotr' };
export const clientActor: Actor = { kind: 'client', accountId: 'acc-1' };
export const system: Actor = { kind: 'system' };

export const company: RegistryCompany = {
  id: 'co-1',
  name: 'Rolmex sp. z o.o.',
  country: 'PL',
  eori: 'PL123456321800000',
  status: 'active',
};

export function application(over: Partial<PermitApplication> = {}): PermitApplication {
  return {
    kind: 'grant',
    applicant: { companyId: 'co-1', eori: 'PL123456321800000' },
    addressedOffice: OFFICE,
    territory: 'PL',
    mainAccountsOffice: OFFICE,
    guarantee: { kind: 'general', reference: 'GRN-1' },
    goods: [{ description: 'crude palm oil for technical use', cnCode: '1511101000', quantity: 1000, unit: 'kg' }],
    requestedValidityYears: 5,
    toroRequested: true, // the grant commands below give a TORO element (EUP-16: only when asked)
    aeo: false,
    attachments: [
      { kind: 'guarantee', ref: 'att-g' },
      { kind: 'no-infringements-statement', ref: 'att-s' },
      { kind: 'sample-record-card', ref: 'att-r' },
      { kind: 'goods-list', ref: 'att-l' },
    ],
    representation: { kind: 'by-law', registered: true },
    ...over,
  };
}

export const guaranteeInput: GuaranteeInput = {
  currency: 'PLN',
  perEur: 4.25,
  duty: { normal: 1_200_000, endUse: 0 },
  vat: { normal: 2_300_000, endUse: 2_000_000 },
};

/** The transition's value, or a test failure naming the refusal. */
export function step(r: Result<Transition>): Transition {
  return unwrap(r);
}

export function refusal<T>(r: Result<T>): {
  rule: string;
  kind: string;
  message: string;
  extra?: Record<string, unknown>;
} {
  if (r.ok) throw new Error('expected a refusal, got ok');
  return r.refusal;
}

// ---------------------------------------------------------------- case scenarios

/** A case received (UPO time) at `at`. */
export function receivedCase(
  at: Date = w('2025-03-03 09:00'),
  app: PermitApplication = application(),
  id = 'case-1',
): PermitCase {
  const admitted = unwrap(
    admitApplication({ documentId: `${id}-wdeus01`, application: app, company, receivedAt: at }, clientActor, at),
  );
  return openCase(admitted, id, at).case;
}

/** A number allocator that remembers what it was asked: every office's sequence starts at 1. */
export function numbers(): NumberAllocator & { drawn: { office: string; year: number }[] } {
  const drawn: { office: string; year: number }[] = [];
  const allocate = async (office: string, year: number) => {
    drawn.push({ office, year });
    return drawn.filter((d) => d.office === office && d.year === year).length;
  };
  return Object.assign(allocate, { drawn });
}

/** Received at `receivedAt` and accepted at `acceptedAt` (decision due 30 days from receipt: IA 12(1)). */
export function acceptedCase(
  receivedAt: Date = w('2025-03-03 09:00'),
  acceptedAt: Date = w('2025-03-05 10:00'),
): PermitCase {
  return step(acceptApplication(receivedCase(receivedAt), {}, officer, acceptedAt)).case;
}

export function grantCommand(over: Partial<GrantCommand> = {}): GrantCommand {
  return {
    sequence: 42,
    validFrom: '2025-04-01',
    validityYears: 5,
    goods: [{ description: 'crude palm oil for technical use', cnCode: '1511101000' }],
    guarantee: guaranteeInput,
    toro: { element: true },
    ...over,
  };
}

/** Received 10 days and accepted 8 days before `at`, granted at `at` (valid from that day, or 1 Apr 2025 by default). */
export function grantedCase(at: Date = w('2025-03-20 10:00')) {
  const day = 86_400_000;
  const c = acceptedCase(new Date(at.getTime() - 10 * day), new Date(at.getTime() - 8 * day));
  const validFrom = at.getTime() === w('2025-03-20 10:00').getTime() ? '2025-04-01' : localDateOf(at);
  return step(grantPermit(c, grantCommand({ validFrom }), officer, at));
}
