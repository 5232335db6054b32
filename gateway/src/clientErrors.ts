import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@puesc/kernel';
import { errorResult } from './dispatch';
import { makeProblem, PROBLEM_JSON } from './problem';
import { requestIdFrom } from './request-id';
import { sendResult } from './result';

/**
 * Answers that Node's HTTP parser and fastify's router would otherwise send as plain JSON or with
 * no body at all: a request that is not valid HTTP (400, 431 for oversized headers, 408), a URL
 * that does not decode (400), an `Expect` other than 100-continue (417). They get the same
 * application/problem+json body and X-Request-Id as every other error.
 */

function problemBytes(status: number, slug: string, detail: string, instance = ''): { id: string; body: string } {
  const id = requestIdFrom(undefined);
  const { body } = makeProblem(status, slug, detail, { instance, requestId: id });
  if (!instance) delete (body as { instance?: string }).instance;
  return { id, body: JSON.stringify(body) };
}

/** fastify `clientErrorHandler`: the request could not be parsed, so the answer is written to the socket. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, slug, detail] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request-timeout', 'The request was not received in time.']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'request-header-fields-too-large', 'The request line or headers exceed the size limit.']
        : [400, 'bad-request', 'The request is not valid HTTP (request line, header or framing).'];
  // As Node's own handler: never write into a response that has already started on this socket.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const { id, body } = problemBytes(status, slug, detail);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_JSON}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** fastify `frameworkErrors`: errors raised before routing (a URL that does not decode, a too long param). */
export function frameworkErrors(logger: Logger | undefined) {
  return (err: Error, req: FastifyRequest, reply: FastifyReply): void => {
    req.routeLabel = 'unmatched';
    reply.header('x-request-id', req.id);
    sendResult(reply, errorResult(err, req, logger));
  };
}

/** `checkExpectation` listener: an expectation the server cannot meet is refused (417) as a problem. */
export function expectationFailed(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const { id, body } = problemBytes(417, 'expectation-failed', 'Only "Expect: 100-continue" is supported.', path);
  res.writeHead(417, {
    'content-type': PROBLEM_JSON,
    'content-length': Buffer.byteLength(body),
    'x-request-id': id,
    connection: 'close',
  });
  res.end(body);
}
