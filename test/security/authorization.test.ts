/**
 * Issue 18, "Done when": the authorization matrix. Every route of the OpenAPI document the
 * gateway serves that takes an id is called, with real ids of real objects (seeded over HTTP as
 * the client and the officers would), as anonymous, a client of another company, a representative
 * of the same company whose representation grants only documents.view-own, a case officer of
 * another office and a registration officer. Any 2xx the matrix (matrix.ts, ID-07, ID-10, ID-12)
 * does not allow fails, with the exact request and what the answer named. docs/security.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MATRIX } from './matrix';
import {
  SEQUENTIAL,
  absentLike,
  addressOf,
  areaOf,
  firstIdOf,
  idRoutes,
  leaked,
  personaOrder,
  probeOrder,
  requestFor,
  send,
  type Answer,
  type IdRoute,
} from './lib/probe';
import { unboundedNumbers } from './lib/bounds';
import { startPlatform, type SecurityPlatform } from './lib/platform';
import { PASSWORD, loggedIn, newClient, seed, tokenOf, type Seeded } from './lib/seed';
import { answerOnceSettled, as, nextSecond, withKey } from './lib/sessions';

let platform: SecurityPlatform | undefined;
let seeded: Seeded;
let routes: Map<string, IdRoute>;
let served: Record<string, any>;
let today: string;
const areas = () => new Set([...routes.keys()].map(areaOf));
/** Every answer, by route and persona (a 2xx with the start of its body), for a reader who wants to see each one. */
const answers: Record<string, Record<string, number | string>> = {};
const REPORT = path.join(os.tmpdir(), 'puesc-security-matrix.json');

beforeAll(async () => {
  platform = await startPlatform();
  const doc = (await (await fetch(`${platform.baseUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, any>>;
  };
  served = doc;
  seeded = await seed(platform, new Set(Object.keys(doc.paths)));
  routes = new Map(idRoutes(doc).map((r) => [r.key, r]));
  const clock = (await (await fetch(`${platform.baseUrl}/api/v1/system/clock`)).json()) as { now: string };
  today = clock.now.slice(0, 10);
}, 120_000);

afterAll(async () => {
  fs.writeFileSync(REPORT, JSON.stringify(answers, null, 1));
  await platform?.stop();
}, 30_000);

describe('authorization matrix (issue 18; ID-07, ID-10, ID-12)', () => {
  it('ID-10 every route of the OpenAPI document that takes an id has an entry in the matrix, and every entry a route', () => {
    const missing = [...routes.keys()].filter((k) => !MATRIX[k]);
    // An entry may name a service this build does not run yet (being built); within a service it serves, none is stale.
    const areas = new Set([...routes.keys()].map(areaOf));
    const stale = Object.keys(MATRIX).filter((k) => !routes.has(k) && areas.has(areaOf(k)));
    expect({ 'add it to the matrix (test/security/matrix.ts)': missing, 'no longer in the document': stale }).toEqual({
      'add it to the matrix (test/security/matrix.ts)': [],
      'no longer in the document': [],
    });
  });

  it('the ids are real: the company owner reads the company, its documents, drafts, case, permit and records', async () => {
    const reads = [
      'GET /api/v1/companies/{id}',
      'GET /api/v1/representations/{id}',
      'GET /api/v1/seap/documents/{id}',
      'GET /api/v1/seap/documents/{id}/upo',
      'GET /api/v1/seap/attachments/{id}',
      'GET /api/v1/seap/drafts/{id}',
      'GET /api/v1/szprot/cases/{caseId}',
      'GET /api/v1/szprot/permits/{permitNumber}',
      'GET /api/v1/szprot/permits/{permitNumber}/records',
      'GET /api/v1/pki/certificates/{serial}/status',
    ];
    const owner: Record<string, number> = {};
    for (const key of reads) {
      const req = requestFor(routes.get(key)!, seeded, platform!.baseUrl, today);
      owner[key] = (await send(req, seeded.ownerToken, addressOf('owner'))).status;
    }
    expect(owner).toEqual(Object.fromEntries(reads.map((k) => [k, 200])));
  });

  const keys = Object.keys(MATRIX).sort((a, b) => probeOrder(a) - probeOrder(b));
  for (const key of keys) {
    const entry = MATRIX[key]!;
    it(`${entry.rule} ${key}: no 2xx beyond the matrix, past validation`, async () => {
      const route = routes.get(key);
      if (!route) {
        // Checked by the first test: only an entry of a service this build does not run gets here.
        expect(areas().has(areaOf(key))).toBe(false);
        return;
      }
      const req = requestFor(route, seeded, platform!.baseUrl, today);
      const leaks: string[] = [];
      for (const persona of personaOrder) {
        if (entry.allow?.includes(persona)) continue;
        const answer = await send(req, seeded.tokens[persona], addressOf(persona));
        // A 2xx is written with the start of its body: what an allowed "empty" answer held.
        (answers[key] ??= {})[persona] =
          answer.status >= 200 && answer.status < 300 ? `${answer.status} ${answer.text.slice(0, 300)}` : answer.status;
        // A signed-in persona refused as unauthenticated never reached the authorization.
        if (answer.status === 401 && persona !== 'anonymous')
          leaks.push(`${persona}: 401 for ${req.method} ${req.url}: the persona's token was refused, not the request`);
        if (answer.status === 429) leaks.push(`${persona}: 429 for ${req.method} ${req.url}: rate limited, not probed`);
        // A 400 is the schema's answer, not the authorization's: the probe must pass validation.
        if (answer.status === 400)
          leaks.push(`${persona}: 400 for ${req.method} ${req.url}: the probe fails validation (lib/probe.ts BODIES)`);
        if (answer.status < 200 || answer.status > 299) continue;
        const named = leaked(answer, req, seeded);
        if (entry.empty?.includes(persona) && named.length === 0) continue;
        leaks.push(
          `${persona}: ${answer.status} for ${req.method} ${req.url}` +
            (req.body !== undefined ? ` ${JSON.stringify(req.body)}` : '') +
            (named.length ? `; the answer names the company's ${named.join(', ')}` : '') +
            `\n    ${answer.text.slice(0, 300)}`,
        );
      }
      expect(leaks).toEqual([]);
    });
  }
});

describe('existence oracles (issue 18 item 9; ID-10)', () => {
  // Whoever may not see an object gets the same answer whether it exists or not: a 403 for a real
  // case number and a 404 for the next one tells an outsider which numbers are taken. Only for ids
  // in sequence (SEQUENTIAL): a random id that exists is not guessed in the first place.
  /** The answer with the ids it names and what differs per request (requestId, instance) taken out. */
  const shape = (a: Answer, ids: string[]) => {
    let t = a.text.replace(/"(requestId|instance)":"[^"]*"/g, '');
    for (const id of ids) t = t.split(id).join('<id>');
    return `${a.status} ${t.slice(0, 400)}`;
  };
  const keys = Object.keys(MATRIX).sort((a, b) => probeOrder(a) - probeOrder(b));
  for (const key of keys) {
    const entry = MATRIX[key]!;
    it(`${entry.rule} ${key}: a number in sequence that exists is answered as one that does not`, async () => {
      const route = routes.get(key);
      if (!route || !SEQUENTIAL.has(firstIdOf(route))) return;
      const real = requestFor(route, seeded, platform!.baseUrl, today);
      const absent = requestFor(route, seeded, platform!.baseUrl, today, true);
      const id = String(seeded[firstIdOf(route) as 'caseId']);
      const differ: string[] = [];
      for (const persona of personaOrder) {
        if (entry.allow?.includes(persona)) continue;
        const a = shape(await send(real, seeded.tokens[persona], addressOf(persona)), [id]);
        const b = shape(await send(absent, seeded.tokens[persona], addressOf(persona)), [absentLike(id)]);
        if (a !== b) differ.push(`${persona}: ${real.method} ${real.url}\n    ${a}\n  ${absent.url}\n    ${b}`);
      }
      expect(differ).toEqual([]);
    });
  }
});

describe('input bounds (issue 18 item 4)', () => {
  it('every number a request may carry (path, query, body) has a minimum and a maximum in the served document', () => {
    expect(unboundedNumbers(served)).toEqual([]);
  });
});

describe('sessions end everywhere (ID-11, issue 18 item 3); auth answers are never replayed (item 8)', () => {
  const email = 'marta.sesja@matrix.example';
  const NEW_PASSWORD = 'copper-kettle-orchard-93';
  const drafts = (t: string) => as(platform!.baseUrl, t, 'GET', '/api/v1/seap/drafts');
  const refused = (a: { status: number }) => a.status === 401;
  let first: string;
  let second: string;

  it('ID-11 logout ends that session on every route: its access token is refused by seap, the other session goes on', async () => {
    const registrar = await loggedIn(platform!, 'rejestracja@puesc-demo.test');
    const a = await newClient(platform!, registrar, {
      email,
      givenNames: 'Marta',
      surname: 'Sesja',
      pesel: '02211307589',
    });
    const b = await loggedIn(platform!, email, PASSWORD);
    [first, second] = [tokenOf(a), tokenOf(b)];
    expect((await drafts(first)).status).toBe(200);
    await a.auth.logout();
    expect((await answerOnceSettled(() => drafts(first), refused)).status).toBe(401);
    expect((await drafts(second)).status).toBe(200);
  });

  it('ID-11 a password change ends every session of the account; a new login works', async () => {
    expect(
      (
        await as(platform!.baseUrl, second, 'POST', '/api/v1/me/password', {
          currentPassword: PASSWORD,
          newPassword: NEW_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect((await answerOnceSettled(() => drafts(second), refused)).status).toBe(401);
    await nextSecond();
    const again = await loggedIn(platform!, email, NEW_PASSWORD);
    expect((await drafts(tokenOf(again))).status).toBe(200);
  });

  it('ID-11 item 3 a closed account can do nothing: its token neither reads drafts nor registers a company', async () => {
    const c = await loggedIn(platform!, email, NEW_PASSWORD);
    const token = tokenOf(c);
    await c.auth.closeAccount(NEW_PASSWORD);
    expect((await answerOnceSettled(() => drafts(token), refused)).status).toBe(401);
    const company = await as(platform!.baseUrl, token, 'POST', '/api/v1/companies', {
      name: 'Firma Widmo sp. z o.o.',
      legalForm: 'limited-liability-company',
      country: 'PL',
      nip: '8567346215',
      address: { street: 'ul. Pusta 1', postalCode: '61-003', city: 'Poznań', country: 'PL' },
      contact: { email: 'widmo@matrix.example' },
      consentToPublish: false,
    });
    expect(company.status).toBe(401);
  });

  it('item 8 a login sent twice with one Idempotency-Key is two logins, never a stored answer with tokens', async () => {
    const body = { email: 'jan.kowalski@puesc-demo.test', password: 'Zielony-Kasztan-Celny-2047' };
    const one = await withKey(platform!.baseUrl, '/api/v1/auth/login', body, 'matrix-login-1');
    const two = await withKey(platform!.baseUrl, '/api/v1/auth/login', body, 'matrix-login-1');
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(JSON.parse(two.text).refreshToken).not.toBe(JSON.parse(one.text).refreshToken);
  });

  it('item 8 a refresh sent again with the same Idempotency-Key reaches reuse detection (401), not a replay', async () => {
    const owner = await loggedIn(platform!, 'jan.kowalski@puesc-demo.test');
    const body = { refreshToken: owner.session!.refreshToken };
    const one = await withKey(platform!.baseUrl, '/api/v1/auth/refresh', body, 'matrix-refresh-1');
    const two = await withKey(platform!.baseUrl, '/api/v1/auth/refresh', body, 'matrix-refresh-1');
    expect([one.status, two.status]).toEqual([200, 401]);
  });

  it('item 14 the public port does not serve /metrics (the operator port does)', async () => {
    expect((await as(platform!.baseUrl, undefined, 'GET', '/metrics')).status).toBe(404);
  });
});
