/**
 * What the matrix calls: the routes of the served OpenAPI document that take an id, with real
 * values for their ids and a body that passes validation (so the answer is the authorization's,
 * not the schema's), sent over HTTP as each persona.
 */
import http from 'node:http';
import { PDF, recordContent, type Persona, type Seeded } from './seed';

export interface IdRoute {
  key: string;
  method: string;
  template: string;
  /** Where it takes the id: path parameters, or `companyId` in the query or body. */
  takes: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation with a path parameter, or a `companyId` query parameter or body property. */
export function idRoutes(doc: { paths: Record<string, Record<string, any>> }): IdRoute[] {
  const out: IdRoute[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (!METHODS.includes(m)) continue;
      const params = (op.parameters ?? []) as { in: string; name: string }[];
      const takes = params.filter((p) => p.in === 'path').map((p) => p.name);
      if (params.some((p) => p.in === 'query' && p.name === 'companyId')) takes.push('query:companyId');
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body?.properties?.companyId) takes.push('body:companyId');
      if (takes.length) out.push({ key: `${m.toUpperCase()} ${template}`, method: m.toUpperCase(), template, takes });
    }
  }
  return out;
}

type Key = Exclude<keyof Seeded, 'tokens' | 'ownerToken'>;

/** Which seeded object fills a path parameter: the first row whose template prefix matches. */
const PATH_VALUES: [prefix: string, param: string, value: Key | { literal: string }][] = [
  ['/api/v1/admin/accounts/', 'accountId', 'accountId'],
  ['/api/v1/companies/', 'id', 'companyId'],
  ['/api/v1/forms/', 'code', { literal: 'WDEUS01' }],
  ['/api/v1/notifications/deliveries/', 'id', 'deliveryId'],
  ['/api/v1/notifications/', 'id', 'notificationId'],
  ['/api/v1/persons/', 'personId', 'personId'],
  ['/api/v1/pki/certificates/', 'serial', 'certificateSerial'],
  ['/api/v1/pki/legacy-keys/', 'legacyId', { literal: 'KBD-0000001' }],
  ['/api/v1/public/check/', 'number', { literal: 'PL526104321200000' }],
  // No seeded upload yet: a well-formed ref, refused or unknown alike to everyone but its uploader.
  ['/api/v1/representations/documents/', 'ref', { literal: '01930000-0000-7000-8000-000000000000' }],
  ['/api/v1/representations/', 'id', 'representationId'],
  ['/api/v1/seap/attachments/', 'id', 'documentAttachmentId'],
  ['/api/v1/seap/documents/{id}/send', 'id', 'generatedId'],
  ['/api/v1/seap/documents/', 'id', 'documentId'],
  ['/api/v1/seap/drafts/', 'attachmentId', 'draftAttachmentId'],
  ['/api/v1/seap/drafts/', 'id', 'draftId'],
  ['/api/v1/szprot/cases/', 'caseId', 'caseId'],
  ['/api/v1/szprot/cases/', 'documentId', 'documentId'],
  ['/api/v1/szprot/cases/', 'attachmentId', 'documentAttachmentId'],
  ['/api/v1/szprot/companies/', 'companyId', 'companyId'],
  ['/api/v1/szprot/permits/', 'permitNumber', 'permitNumber'],
  ['/api/v1/szprot/permits/', 'entryId', 'entryId'],
  ['/api/v1/szprot/permits/', 'month', 'month'],
  ['/api/v1/status/maintenance/', 'id', 'maintenanceId'],
  ['/api/v1/status/outages/', 'id', 'outageId'],
];

/** Query parameters besides companyId: ask for the company's view, the widest one. */
const QUERY: Record<string, Record<string, string>> = {
  'GET /api/v1/seap/documents': { view: 'company' },
  'GET /api/v1/seap/cases': { view: 'company' },
  'GET /api/v1/szprot/permits/{permitNumber}/prefill': { kind: 'amend' },
};

/** Request bodies that pass the schema; `$name` is a seeded value, `$today` the platform's day. */
const BODIES: Record<string, unknown> = {
  'PATCH /api/v1/companies/{id}': { contact: { email: 'intruder@matrix.example' } },
  'POST /api/v1/szprot/cases/{caseId}/originals/{attachmentId}': { receivedOn: '$today' },
  'PUT /api/v1/szprot/companies/{companyId}/vat-statement': {
    ref: 'OSW/VAT/MATRIX',
    issuedOn: '$today',
    activeVatPayer: true,
    noArrears: true,
    noEnforcementLiquidationOrBankruptcy: true,
  },
  'POST /api/v1/companies/{id}/reject': { reason: 'matrix probe' },
  'PUT /api/v1/companies/{id}/excise': { number: 'PL00000000001', validFrom: '$today' },
  'POST /api/v1/companies/{id}/removal': { from: '$today', reason: 'matrix probe' },
  'PATCH /api/v1/persons/{personId}': { phone: '+48 600 100 200' },
  'POST /api/v1/persons/{personId}/extended-scope/withdraw': { reason: 'matrix probe' },
  'PATCH /api/v1/representations/{id}': { permissions: ['documents.view-own'] },
  'POST /api/v1/representations/{id}/reject': { reason: 'matrix probe' },
  'POST /api/v1/representations/{id}/revoke': { reason: 'matrix probe' },
  'POST /api/v1/representations': {
    companyId: '$companyId',
    kind: 'by-law',
    permissions: ['seap.submit', 'szprot.submit', 'documents.view-all', 'company.manage'],
  },
  'PUT /api/v1/seap/drafts/{id}': { title: 'changed by an intruder' },
  'POST /api/v1/seap/drafts': { formCode: 'DDS0001', companyId: '$companyId', content: {} },
  'POST /api/v1/szprot/cases/{caseId}/call-to-complete': { missing: ['matrix probe'], days: 14 },
  'POST /api/v1/szprot/cases/{caseId}/extension': { days: 10, reason: 'matrix probe' },
  'POST /api/v1/szprot/cases/{caseId}/hearing': { grounds: 'matrix probe' },
  'POST /api/v1/szprot/cases/{caseId}/information-requests': { items: ['matrix probe'], days: 14 },
  'POST /api/v1/szprot/cases/{caseId}/permit': {
    validFrom: '$today',
    validityYears: 1,
    guarantee: { currency: 'PLN', perEur: 4.25, duty: { normal: 1000, endUse: 0 }, vat: { normal: 0, endUse: 0 } },
  },
  'POST /api/v1/szprot/cases/{caseId}/refusal': { grounds: 'matrix probe' },
  'POST /api/v1/szprot/cases/{caseId}/request-decision': {
    decision: { kind: 'amend', reason: 'matrix probe', changes: { conditions: ['matrix probe'] } },
  },
  'POST /api/v1/szprot/permits/{permitNumber}/amendment': {
    changes: { conditions: ['matrix probe'] },
    reason: 'matrix probe',
  },
  'POST /api/v1/szprot/permits/{permitNumber}/annulment': { reason: 'matrix probe' },
  'POST /api/v1/szprot/permits/{permitNumber}/circumstances': { occurredOn: '$today', description: 'matrix probe' },
  'POST /api/v1/szprot/permits/{permitNumber}/closure/bill': {
    lines: [
      {
        recordId: '$entryId',
        placed: 1,
        usedForEndUse: 1,
        otherwiseDischarged: 0,
        waste: 0,
        scrap: 0,
        naturalLoss: 0,
        remaining: 0,
      },
    ],
  },
  'POST /api/v1/szprot/permits/{permitNumber}/closure/extension': { days: 10, reason: 'matrix probe' },
  'POST /api/v1/szprot/permits/{permitNumber}/closure/waiver': { reason: 'matrix probe' },
  'POST /api/v1/szprot/permits/{permitNumber}/records': { content: '$record' },
  'POST /api/v1/szprot/permits/{permitNumber}/records/{entryId}/corrections': {
    content: '$record',
    reason: 'matrix probe',
  },
  'POST /api/v1/szprot/permits/{permitNumber}/revocation': { reason: 'matrix probe' },
  'POST /api/v1/szprot/permits/{permitNumber}/suspension': {
    grounds: 'verification',
    from: '$today',
    days: 10,
    reason: 'matrix probe',
  },
  'POST /api/v1/szprot/permits/{permitNumber}/suspension/end': { on: '$today', reason: 'matrix probe' },
  'POST /api/v1/szprot/permits/{permitNumber}/toro': {
    mode: 'TORO-1',
    transferee: { eori: 'PL951238765600000' },
    goods: [{ recordId: '$entryId', quantity: 1 }],
    scope: { items: ['matrix probe'], statement: 'matrix probe' },
  },
};

/** Routes whose success would take away what later probes read: probed last. */
const DESTRUCTIVE =
  /\/(annulment|revocation|removal|revoke|reject|withdraw|end-sessions|suspension|cancel|end|resolve)$/;

export const probeOrder = (key: string): number =>
  key.startsWith('GET ') ? 0 : key.startsWith('DELETE ') || DESTRUCTIVE.test(key) ? 2 : 1;

function fill(v: unknown, s: Seeded, today: string): unknown {
  if (typeof v === 'string' && v.startsWith('$')) {
    const name = v.slice(1);
    if (name === 'today') return today;
    if (name === 'record') return recordContent(7, `${today}T08:00:00.000Z`);
    return (s as unknown as Record<string, unknown>)[name];
  }
  if (Array.isArray(v)) return v.map((x) => fill(x, s, today));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, s, today)]));
  return v;
}

/** The area a route belongs to: its first path segment after /api/v1 (`seap`, `companies`, `status`). */
export const areaOf = (key: string): string =>
  key
    .split(' ')[1]!
    .replace(/^\/api\/v1\//, '')
    .split('/')[0]!;

export interface Request {
  method: string;
  url: string;
  body?: unknown;
  multipart?: boolean;
}

/**
 * An id of the same shape that names nothing: the last four letters and digits changed within
 * their class (digits stay digits, hex stays hex), so the answer is the lookup's, not the schema's.
 */
export function absentLike(id: string): string {
  const chars = [...id];
  let changed = 0;
  for (let i = chars.length - 1; i >= 0 && changed < 4; i--) {
    const c = chars[i]!;
    if (/[0-9]/.test(c)) chars[i] = c === '9' ? '8' : '9';
    else if (/[a-z]/.test(c)) chars[i] = c === 'f' ? 'e' : 'f';
    else if (/[A-Z]/.test(c)) chars[i] = c === 'F' ? 'E' : 'F';
    else continue;
    changed++;
  }
  return chars.join('');
}

/** `absent`: the first id the route takes (path, else companyId) replaced by one that names nothing. */
export function requestFor(r: IdRoute, s: Seeded, baseUrl: string, today: string, absent = false): Request {
  let first = absent;
  const pick = (v: string) => {
    if (!first) return v;
    first = false;
    return absentLike(v);
  };
  const path = r.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const row = PATH_VALUES.find(([prefix, param]) => r.template.startsWith(prefix) && param === name);
    if (!row) throw new Error(`${r.key}: no seeded value for {${name}}: add a row to PATH_VALUES`);
    const v = row[2];
    return encodeURIComponent(pick(typeof v === 'string' ? String(s[v]) : v.literal));
  });
  const q = new URLSearchParams({
    ...(r.takes.includes('query:companyId') ? { companyId: pick(s.companyId) } : {}),
    ...(QUERY[r.key] ?? {}),
  }).toString();
  const multipart = r.key === 'POST /api/v1/seap/drafts/{id}/attachments';
  let body =
    ['POST', 'PUT', 'PATCH'].includes(r.method) && !multipart ? fill(BODIES[r.key] ?? {}, s, today) : undefined;
  if (first && r.takes.includes('body:companyId')) body = { ...(body as object), companyId: absentLike(s.companyId) };
  return { method: r.method, url: `${baseUrl}${path}${q ? `?${q}` : ''}`, body, multipart };
}

export interface Answer {
  status: number;
  text: string;
}

/**
 * One request over node:http from `localAddress` (127.0.0.x): each persona its own source
 * address, so the gateway's per-address limit (600 a minute) never answers for the authorization.
 */
export async function send(
  req: Request,
  token: string | undefined,
  localAddress = '127.0.0.1',
  extra: Record<string, string> = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...extra, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  let payload: Buffer | undefined;
  if (req.multipart) {
    const form = new FormData();
    form.append('kind', 'goods-list');
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'intruder.pdf');
    const encoded = new Response(form);
    headers['content-type'] = encoded.headers.get('content-type')!;
    payload = Buffer.from(await encoded.arrayBuffer());
  } else if (req.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = Buffer.from(JSON.stringify(req.body));
  }
  if (payload) headers['content-length'] = String(payload.length);
  const url = new URL(req.url);
  return new Promise<Answer>((resolve, reject) => {
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers,
        localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(payload);
  });
}

/** The company's objects an answer must not name (those the request itself names excepted). */
export function leaked(answer: Answer, req: Request, s: Seeded): string[] {
  const asked = `${req.url} ${JSON.stringify(req.body ?? '')}`;
  const objects: Key[] = [
    'documentId',
    'generatedId',
    'draftId',
    'draftAttachmentId',
    'documentAttachmentId',
    'caseId',
    'permitNumber',
    'entryId',
    'representationId',
    'accountId',
    'personId',
    'certificateSerial',
  ];
  return objects.filter((k) => {
    const v = String(s[k]);
    return v.length > 3 && !asked.includes(encodeURIComponent(v)) && !asked.includes(v) && answer.text.includes(v);
  });
}

export const personaOrder: Persona[] = [
  'anonymous',
  'otherCompany',
  'limitedRepresentative',
  'foreignOfficer',
  'registrationOfficer',
];

/** The source address each persona calls from (127.0.0.0/8 is all loopback). */
export const addressOf = (p: Persona | 'owner'): string =>
  `127.0.0.${p === 'owner' ? 20 : 11 + personaOrder.indexOf(p)}`;

/** Ids that are numbers in sequence (ID SISC, case and permit numbers): guessable, so their existence must not show. */
export const SEQUENTIAL: ReadonlySet<string> = new Set(['personId', 'caseId', 'permitNumber']);

/** The first parameter a route takes, `personId` for `/persons/{personId}/versions`. */
export const firstIdOf = (r: IdRoute): string => r.takes[0]!;
