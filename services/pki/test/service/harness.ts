/**
 * The pki service on a test host: a broker without transporter, the embedded store, a test
 * double of identity.getPerson with its persons, the callers, and an observer of pki's events.
 */
import type { ServiceSchema } from 'moleculer';
import { notFound } from '@puesc/kernel';
import type { CloudEvent } from '@puesc/events';
import { asClient, asOfficer, startTestHost, type TestHost } from '@puesc/testkit';
import { pkiModule } from '../../src';
import { caToMaterial } from '../../src/crypto';
import { testCa } from '../fixtures';

export const persons: Record<string, Record<string, unknown>> = {
  'P-ANNA': {
    personId: 'P-ANNA',
    accountId: 'A-ANNA',
    givenNames: 'Anna',
    surname: 'Nowak',
    pesel: '44051401359',
    country: 'PL',
    email: 'anna@example.test',
    scope: 'extended',
    status: 'active',
  },
  'P-HANS': {
    personId: 'P-HANS',
    accountId: 'A-HANS',
    givenNames: 'Hans',
    surname: 'Müller',
    document: { country: 'DE', type: 'passport', number: 'C01X00T47' },
    country: 'DE',
    email: null,
    scope: 'extended',
    status: 'active',
  },
  'P-BASIC': {
    personId: 'P-BASIC',
    accountId: 'A-BASIC',
    givenNames: 'Basia',
    surname: 'Basic',
    pesel: '02211307589',
    country: 'PL',
    scope: 'basic',
    status: 'active',
  },
};

export const identityDouble: ServiceSchema = {
  name: 'identity',
  actions: {
    getPerson: {
      handler(ctx: { params: { personId: string } }) {
        const p = persons[ctx.params.personId];
        if (!p) throw notFound('person', ctx.params.personId);
        return p;
      },
    },
  },
};

/** Registers another extended-scope person in the identity double and returns their caller. */
export const person = (personId: string, givenNames: string, over: Record<string, unknown> = {}) => {
  persons[personId] = { ...persons['P-ANNA'], personId, accountId: `A-${personId}`, givenNames, ...over };
  return asClient(`A-${personId}`, personId);
};

export const anna = asClient('A-ANNA', 'P-ANNA');
export const hans = asClient('A-HANS', 'P-HANS');
export const officer = asOfficer('O-1', 'registration-officer');
export const admin = asOfficer('ADM-1', 'admin');

/** The host with the CA from configuration (as in distributed mode); `seen` collects pki's events. */
export async function startPkiHost(
  env: Record<string, string | undefined> = { PKI_PUBLIC_BASE_URL: 'http://pki.test' },
): Promise<{ host: TestHost; seen: CloudEvent[] }> {
  const seen: CloudEvent[] = [];
  const m = caToMaterial(await testCa());
  const host = await startTestHost({
    modules: [pkiModule],
    doubles: [identityDouble],
    env: {
      ...env,
      PKI_ROOT_CERT_PEM: m.rootCertPem,
      PKI_ISSUING_CERT_PEM: m.issuingCertPem,
      PKI_ISSUING_KEY_PEM: m.issuingKeyPem,
      PKI_MAX_ACTIVE_CERTIFICATES: '3',
    },
  });
  await host.bus.ensureStream({ name: 'IDENTITY', subjects: ['identity.>'] });
  await host.bus.consume({ durable: 'test-observer', subjects: ['pki.>'], handler: async (e) => void seen.push(e) });
  return { host, seen };
}
