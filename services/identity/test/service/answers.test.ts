/**
 * Issue 16: every REST action of identity declares the exact shape of its answer in
 * `openapi.response` (src/answers.ts). Live answers along the life of accounts, persons, scopes,
 * officers, representations, keys and legacy links are checked against those schemas (every
 * property, nothing more).
 */
import { Readable } from 'node:stream';
import { PDFDocument } from 'pdf-lib';
import { compileSchema } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { makePesel } from '../fixtures';
import { PASSWORD, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
beforeAll(async () => {
  h = await startIdentity();
});
afterAll(() => h.stop());

type Action = { rest?: string; openapi?: { response?: object; status?: number } };
const actions = () =>
  (h.host.broker.getLocalService('identity') as unknown as { schema: { actions: Record<string, Action> } }).schema
    .actions;

const checked = new Set<string>();

/** The answer of `action` matches its declared response schema. */
async function answerMatches<T>(action: string, params: object, caller?: Caller): Promise<T> {
  const declared = actions()[action]?.openapi?.response;
  expect({ action, declared: !!declared }).toEqual({ action, declared: true });
  const answer = await h.host.call<T>(`identity.${action}`, params, caller as never);
  const check = compileSchema(declared!);
  if (!check(answer)) throw new Error(`${action}: ${JSON.stringify(check.errors)} in ${JSON.stringify(answer)}`);
  checked.add(action);
  return answer;
}

/** ID-05/ID-06: the multipart upload's answer, and the download's body (bytes, a binary string). */
async function documentAnswersMatch(caller: Caller): Promise<void> {
  const pdf = await PDFDocument.create();
  pdf.addPage();
  const bytes = Buffer.from(await pdf.save());
  const a = actions();
  const uploaded = await h.host.broker.call('identity.uploadRepresentationDocument', Readable.from([bytes]), {
    meta: { user: caller, $multipart: { kind: 'stamp-duty' }, $params: {}, $file: { filename: 'oplata.pdf' } },
  });
  const upload = compileSchema(a['uploadRepresentationDocument']!.openapi!.response!);
  if (!upload(uploaded)) throw new Error(`uploadRepresentationDocument: ${JSON.stringify(upload.errors)}`);
  checked.add('uploadRepresentationDocument');
  const { ref } = uploaded as { ref: string };
  const stream = (await h.host.broker.call(
    'identity.getRepresentationDocument',
    { ref },
    { meta: { user: caller } },
  )) as Readable;
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  const body = compileSchema(a['getRepresentationDocument']!.openapi!.response!);
  if (!body(Buffer.concat(parts).toString('latin1'))) throw new Error('getRepresentationDocument: not a binary body');
  checked.add('getRepresentationDocument');
}

const withPerson = async (email: string, givenNames: string, pesel: string) => {
  await answerMatches('registerAccount', { email, password: PASSWORD });
  const code = (await h.mailTo(email, 'verify-email')).oneTimeCode;
  await answerMatches('verifyEmail', { email, code });
  const session = await answerMatches<{ accessToken: string }>('login', { email, password: PASSWORD });
  const caller = await h.callerOf(session.accessToken);
  const person = await answerMatches<{ personId: string }>(
    'registerPerson',
    {
      givenNames,
      surname: 'Odpowiedzialna',
      pesel,
      phone: '+48 600 000 000',
      address: { city: 'Gdańsk', country: 'PL' },
    },
    caller,
  );
  return { caller: await h.callerOf((await h.login(email)).accessToken), personId: person.personId };
};

describe('answers match their OpenAPI response schemas (issue 16)', () => {
  it('every REST action of identity declares its response (logout answers 204 without a body)', () => {
    const missing = Object.entries(actions())
      .filter(([, a]) => a.rest && a.openapi?.status !== 204 && !a.openapi?.response)
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });

  it('sign-up, sessions, passwords, persons, scopes, officers, representations, keys and legacy links', async () => {
    const admin = await h.admin();
    const officer = await h.officer('answers-officer@mf.gov.pl', 'registration-officer', 'PL301000');
    await answerMatches(
      'createOfficer',
      { email: 'case@mf.gov.pl', givenNames: 'Ewa', surname: 'Celna', role: 'case-officer', office: 'PL301000' },
      admin,
    );
    await answerMatches('listOfficers', {}, admin);

    // accounts and sessions
    await answerMatches('resendVerification', { email: 'nobody@example.pl' });
    const maria = await withPerson('maria@example.pl', 'Maria', makePesel('1990-12-01', 'F', 777));
    const s = await answerMatches<{ refreshToken: string }>('login', { email: 'maria@example.pl', password: PASSWORD });
    const r = await answerMatches<{ refreshToken: string }>('refresh', { refreshToken: s.refreshToken });
    await expect(h.host.call('identity.logout', { refreshToken: r.refreshToken })).resolves.toBeUndefined();
    await answerMatches('me', {}, maria.caller);

    // persons and scopes (ID-02, ID-03, ID-04)
    await answerMatches('viewPerson', { personId: maria.personId }, maria.caller);
    await answerMatches('updatePerson', { personId: maria.personId, phone: '+48 600 111 222' }, maria.caller);
    await answerMatches('personHistory', { personId: maria.personId }, officer);
    const doc = await answerMatches<{ content: string }>('extendedScopeRequestDocument', {}, maria.caller);
    h.setPki(() => ({
      valid: true,
      method: 'trusted-profile',
      signer: { pesel: makePesel('1990-12-01', 'F', 777), givenName: 'MARIA', familyName: 'ODPOWIEDZIALNA' },
      signedAt: new Date().toISOString(),
    }));
    await answerMatches(
      'requestExtendedScope',
      { method: 'signature', jws: 'a.b.c', content: doc.content },
      maria.caller,
    );
    const jan = await withPerson('jan@example.pl', 'Jan', makePesel('1980-02-02', 'M', 888));
    await answerMatches('requestExtendedScope', { method: 'in-person' }, jan.caller);
    await answerMatches('pendingScopeRequests', {}, officer);
    await answerMatches('confirmExtendedScope', { personId: jan.personId, note: 'seen' }, officer);
    await answerMatches('withdrawExtendedScope', { personId: jan.personId, reason: 'document stolen' }, officer);
    // ID-11: the withdrawal ended Jan's sessions; he signs in again
    const janSignedIn = await h.callerOf((await h.login('jan@example.pl')).accessToken);

    // representations (ID-05..ID-07, ID-09)
    h.company({
      id: 'co-answers',
      status: 'approved',
      eori: 'PL123456321800000',
      data: { name: 'ACME', nip: '1234563218' },
    });
    const byLaw = await answerMatches<{ id: string }>(
      'requestRepresentation',
      { companyId: 'co-answers', kind: 'by-law', permissions: ['company.manage', 'seap.submit'] },
      maria.caller,
    );
    await answerMatches('approveRepresentation', { id: byLaw.id }, officer);
    const attorney = await answerMatches<{ id: string }>(
      'requestRepresentation',
      { nip: '1234563218', kind: 'employee-attorney', permissions: ['seap.submit'], endDate: '2030-12-31' },
      janSignedIn,
    );
    await answerMatches(
      'updateRepresentation',
      {
        id: attorney.id,
        documents: {
          authorisation: {
            form: 'paper',
            names: {
              principal: { name: 'ACME', nip: '1234563218' },
              representative: { name: 'Jan Odpowiedzialna', pesel: makePesel('1980-02-02', 'M', 888) },
              permissions: ['seap.submit'],
            },
          },
          stampDuty: { ref: 'att-d', amountPln: 17 },
        },
      },
      janSignedIn,
    );
    await documentAnswersMatch(janSignedIn);
    await answerMatches('listRepresentations', { companyId: 'co-answers' }, maria.caller);
    await answerMatches('getRepresentation', { id: attorney.id }, maria.caller);
    await answerMatches('rejectRepresentation', { id: attorney.id, reason: 'no original received' }, officer);
    await answerMatches('revokeRepresentation', { id: byLaw.id, reason: 'left the board' }, officer);
    await answerMatches('me', {}, maria.caller);

    // keys
    await answerMatches('jwks', {});
    await answerMatches('signingKeys', {}, admin);
    await answerMatches('rotateSigningKey', {}, admin);

    // legacy links (ID-08)
    const file = [
      'source;legacyId;login;nip;eori;email;pesel;givenNames;surname;companyName;systems;validTo',
      'PDR;PDR-A1;MARIA;1234563218;;;;;;ACME;CELINA;2030-01-01',
      'EORI;EORI-A2;;;PL856734621500000;biuro@other.pl;;;;Other S.A.;;',
      'PDR;PDR-A3;x;1234563219;;;;;;;;',
    ].join('\n');
    await answerMatches('importLegacy', { content: file, dryRun: true }, admin);
    await answerMatches('importLegacy', { content: file }, officer);
    await answerMatches('claimLegacy', { nip: '1234563218', login: 'maria' }, maria.caller);
    await answerMatches('claimLegacy', { eori: 'PL856734621500000' }, maria.caller);
    const code = (await h.mailTo('biuro@other.pl', 'legacy-claim-code')).oneTimeCode;
    await answerMatches('confirmLegacyClaim', { eori: 'PL856734621500000', code }, maria.caller);
    await answerMatches('listLegacyLinks', {}, maria.caller);

    // passwords and the end of an account
    await answerMatches('requestPasswordReset', { email: 'jan@example.pl' });
    const reset = (await h.mailTo('jan@example.pl', 'password-reset')).oneTimeCode;
    await answerMatches('completePasswordReset', {
      email: 'jan@example.pl',
      code: reset,
      newPassword: 'quince-harbour-lantern-58',
    });
    const janNow = await h.callerOf((await h.login('jan@example.pl', 'quince-harbour-lantern-58')).accessToken);
    await answerMatches(
      'changePassword',
      { currentPassword: 'quince-harbour-lantern-58', newPassword: PASSWORD },
      janNow,
    );
    await answerMatches('endSessions', { accountId: janNow.id }, admin);
    const janAgain = await h.callerOf((await h.login('jan@example.pl')).accessToken);
    await answerMatches('closeAccount', { password: PASSWORD }, janAgain);

    // every declared REST answer was met at least once
    const rest = Object.entries(actions())
      .filter(([, a]) => a.rest && a.openapi?.response)
      .map(([n]) => n);
    expect(rest.filter((n) => !checked.has(n))).toEqual([]);
  });
});
