import http from 'node:http';
import type { Host } from './host';

/**
 * Processes that run services without the gateway still answer probes and scrapes:
 * /health/live, /health/ready and /metrics, nothing else.
 */
export function startHealthServer(host: Host, port: number, hostname: string): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/health/live') return send(res, 200, { status: 'ok' });
    if (url === '/health/ready') {
      const r = await host.ready();
      return send(res, r.ok ? 200 : 503, { status: r.ok ? 'ok' : 'unavailable', checks: r.checks });
    }
    if (url === '/metrics') {
      res.writeHead(200, { 'content-type': host.metrics.contentType });
      return res.end(await host.metrics.metrics());
    }
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: '/problems/not-found', title: 'Not Found', status: 404 }));
  });
  return new Promise((resolve) => server.listen(port, hostname, () => resolve(server)));
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
