/**
 * The client's route table against the REST routes seap and szprot declare (`rest:` of their
 * actions, read from the sources as text: this package never imports a service). A route a service
 * gains, loses or changes fails here until the table follows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROUTES, SZPROT_ROUTES } from '../src';

const SERVICES = path.resolve(__dirname, '../../../services');

/** Every `rest: 'METHOD /path'` under services/<name>/src. */
function declared(service: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts'))
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/rest: '((?:GET|POST|PUT|PATCH|DELETE) [^']+)'/g))
          out.push(m[1]!);
    }
  };
  walk(path.join(SERVICES, service, 'src'));
  return [...new Set(out)].sort();
}

const inTable = [...Object.values(ROUTES), ...Object.values(SZPROT_ROUTES)] as string[];

/** The routes of the table under a service's own prefix (seap's forms and UPO routes are checked one way only). */
const PREFIX: Record<string, string> = { seap: '/api/v1/seap/', szprot: '/api/v1/szprot/' };

describe('the client route table', () => {
  it.each(['seap', 'szprot'])('has every REST route %s declares, and none under its prefix it does not', (service) => {
    const routes = declared(service);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !inTable.includes(r))).toEqual([]);
    expect(inTable.filter((r) => r.includes(PREFIX[service]!) && !routes.includes(r))).toEqual([]);
  });

  it('names each route once', () => {
    expect(inTable.filter((r, i) => inTable.indexOf(r) !== i)).toEqual([]);
  });
});
