import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Logger } from '@puesc/kernel';
import { registerPortalSession, type SessionOptions } from './portalSession';

/**
 * The portal (web/, built into dist/web): its page at `/` and at every path the portal routes in
 * the browser, its hashed assets under `/assets/`, and the cookie session (portalSession.ts).
 * It adds no data of its own: the pages read and write only through `/api/v1`.
 */
export interface PortalOptions extends SessionOptions {
  /** The built portal: a folder with `index.html` and `assets/`. Default: dist/web of this install. */
  root?: string;
}

/** Paths that belong to the API and operations, never to the portal's pages. */
const RESERVED = /^\/(api|health|metrics|\.well-known|assets|portal)(\/|$)/;
/** Page paths are plain: letters, digits and a few separators (no dots, so no file names). */
const PAGE_PATH = /^\/[A-Za-z0-9_\-/%:]*$/;

/** Where the built portal is: next to the bundle (dist/main.js → dist/web) or in the repository. */
export function findPortalRoot(explicit?: string): string | undefined {
  const candidates = explicit
    ? [explicit]
    : [process.env['PORTAL_DIR'], path.join(__dirname, 'web'), path.join(__dirname, '..', '..', 'dist', 'web')];
  return candidates.find((c): c is string => !!c && fs.existsSync(path.join(c, 'index.html')));
}

/** Whether a request is a browser opening one of the portal's pages (a navigation, not an API call). */
export function isPageRequest(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const p = req.url.split('?')[0]!;
  if (p === '/') return true;
  if (RESERVED.test(p) || !PAGE_PATH.test(p) || p.includes('//')) return false;
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''));
}

export async function registerPortal(app: FastifyInstance, o: PortalOptions, logger?: Logger): Promise<void> {
  registerPortalSession(app, logger, o);
  const root = findPortalRoot(o.root);
  if (!root) {
    logger?.warn('gateway: the portal is not built (dist/web/index.html missing): `node web/build.mjs` builds it');
    return;
  }
  const index = fs.readFileSync(path.join(root, 'index.html'));
  await app.register(fastifyStatic, {
    root: path.join(root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    // The build writes .br and .gz next to each asset; the browser gets the smallest it accepts.
    preCompressed: true,
    // Asset names carry their content hash, so they never change under one name.
    immutable: true,
    maxAge: 365 * 24 * 3600_000,
  });
  // One page for every portal path: the browser routes (history API). The page is never cached,
  // so a new build reaches users at the next navigation.
  app.addHook('onRequest', async (req, reply) => {
    if (!isPageRequest(req)) return;
    req.routeLabel = 'portal';
    return reply
      .code(200)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(req.method === 'HEAD' ? undefined : index);
  });
}
