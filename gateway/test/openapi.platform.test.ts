/**
 * The document of the real platform (every service embedded, as `node dist/main.js` runs it): the
 * hygiene checks an integrator's tools make, on the routes the services actually declare.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '@puesc/platform';
import { CATALOGUED_TAGS } from '../src/openapi';
import { hygieneFindings } from './openapiHygiene';

/**
 * Route pairs a URL can match both of. They are not the gateway's to rename (each service owns its
 * routes): the pairs are listed so that no new one appears while these wait for their services.
 */
const KNOWN_AMBIGUOUS = [
  'paths: ambiguous /api/v1/notifications/{id}/read ~ /api/v1/notifications/deliveries/{id}',
  'paths: ambiguous /api/v1/szprot/permits/{permitNumber}/records/{entryId}/corrections ~ /api/v1/szprot/permits/{permitNumber}/records/archives/{month}',
  // The router takes the static `documents` first and representation ids are UUIDs, so no request is
  // ambiguous; the pairs stay listed until the document routes move under a path of their own.
  'paths: ambiguous /api/v1/representations/{id}/approve ~ /api/v1/representations/documents/{ref}',
  'paths: ambiguous /api/v1/representations/{id}/reject ~ /api/v1/representations/documents/{ref}',
  'paths: ambiguous /api/v1/representations/{id}/revoke ~ /api/v1/representations/documents/{ref}',
];

let platform: Awaited<ReturnType<typeof main>>;
let doc: Record<string, any>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-openapi-'));

beforeAll(async () => {
  platform = await main({
    DEMO_MODE: 'true',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    OPERATOR_PORT: '0',
    LOG_LEVEL: 'error',
    PASSWORD_SCRYPT_LOG_N: '12',
    PKI_GENERATED_ROOT_KEY_BITS: '2048',
    PKI_GENERATED_ISSUING_KEY_BITS: '2048',
    NOTIFY_OUTBOX_DIR: path.join(dataDir, 'outbox'),
  });
  const res = await fetch(`http://127.0.0.1:${platform.port}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Record<string, any>;
}, 120_000);
afterAll(async () => {
  await platform?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the platform's OpenAPI document", () => {
  it('has servers, a license, every tag described, no bare bodies and no /metrics', () => {
    const findings = hygieneFindings(doc);
    expect(findings.filter((f) => !KNOWN_AMBIGUOUS.includes(f))).toEqual([]);
  });

  it("describes every tag from the gateway's catalogue, none with a generated description", () => {
    const names = (doc['tags'] as Array<{ name: string }>).map((t) => t.name);
    expect(names.filter((n) => !CATALOGUED_TAGS.has(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['identity: authentication', 'registry: public check', 'seap: UPO']));
  });

  it('every operation of every service is in the document', () => {
    const actions = Object.values(doc['paths'] as Record<string, Record<string, { operationId: string }>>).flatMap(
      (item) => Object.values(item).map((op) => op.operationId.split('.')[0]),
    );
    for (const s of ['identity', 'registry', 'pki', 'seap', 'szprot', 'notifications']) expect(actions).toContain(s);
  });
});
