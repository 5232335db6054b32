import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { ServiceBroker } from 'moleculer';
import { AppError, invalid } from '@puesc/kernel';
import type { CallMeta } from '@puesc/service';
import { coerceAll } from './coerce';
import { DEFAULT_MULTIPART_MAX_FILE_SIZE, type RouteDef } from './routes';

/** What a `multipart` action finds in `ctx.meta` besides the usual call meta. */
export interface MultipartCallMeta extends CallMeta {
  /** Text fields sent before the file part. */
  $multipart: Record<string, string | string[]>;
  /** Path params (coerced by `multipart.params`), then query values. */
  $params: Record<string, unknown>;
  $file: { fieldname: string; filename: string; mimetype: string; encoding: string };
}

/** Text fields of the multipart request that came before the file. */
export function fieldsOf(part: MultipartFile): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, v] of Object.entries(part.fields ?? {})) {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
    const list = (Array.isArray(v) ? v : [v]).filter((f) => f && (f as { type?: string }).type === 'field');
    const values = list.map((f) => String((f as { value?: unknown }).value ?? ''));
    if (values.length === 1) out[name] = values[0]!;
    else if (values.length > 1) out[name] = values;
  }
  return out;
}

/** Counts the bytes passing through and fails the stream at the first byte over `max`. */
export class SizeLimit extends Transform {
  bytes = 0;
  exceeded = false;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      this.exceeded = true;
      done(new AppError(413, 'payload-too-large', `the file exceeds ${this.max} bytes`));
      return;
    }
    done(null, chunk);
  }
}

export interface MultipartCall {
  value?: unknown;
  error?: unknown;
}

/**
 * Streams the request's file part into the route's action. The file is never buffered here: the
 * action reads it as Moleculer stream params (chunked over NATS) with backpressure. An upload over
 * `maxFileSize` is stopped at the first byte over, and answered 413 with the route's rule.
 */
export async function callMultipart(
  broker: ServiceBroker,
  route: RouteDef,
  req: FastifyRequest,
  pathParams: Record<string, string | undefined>,
  meta: CallMeta,
): Promise<MultipartCall> {
  const spec = route.multipart ?? {};
  const max = spec.maxFileSize ?? DEFAULT_MULTIPART_MAX_FILE_SIZE;
  const fileField = spec.file ?? 'file';
  let part: MultipartFile | undefined;
  try {
    // busboy truncates one byte past the limit; SizeLimit turns that byte into the refusal.
    part = await req.file({
      limits: { fileSize: max + 1, files: 1, fields: 50, fieldSize: 64 * 1024, parts: 60 },
      throwFileSizeLimit: false,
    });
  } catch (e) {
    return { error: e };
  }
  if (!part) return { error: invalid([{ field: fileField, message: 'a file part is required' }]) };
  const source: Readable = part.file;
  if (part.fieldname !== fileField) {
    source.resume();
    return { error: invalid([{ field: fileField, message: `send the file in the part named "${fileField}"` }]) };
  }
  const limit = new SizeLimit(max);
  // The limit may trip before the action starts reading (one large chunk): the action still sees
  // the error when it reads; here it must not become an unhandled 'error' event.
  limit.on('error', () => undefined);
  let interrupted = false;
  source.on('error', (e) => {
    interrupted = true;
    limit.destroy(e);
  });
  source.pipe(limit);
  const query = coerceAll(req.query as Record<string, string | string[]>, spec.params);
  const path = coerceAll(pathParams, spec.params);
  const callMeta = Object.assign(meta, {
    $multipart: fieldsOf(part),
    $params: { ...query, ...path },
    $file: { fieldname: part.fieldname, filename: part.filename, mimetype: part.mimetype, encoding: part.encoding },
  }) as MultipartCallMeta;
  let out: MultipartCall;
  try {
    out = { value: await broker.call(route.action, limit, { meta: callMeta, requestID: req.id } as never) };
  } catch (e) {
    out = { error: e };
  } finally {
    // Whatever the action left unread is drained (busboy discards past the limit), so the request
    // completes and the connection can be reused.
    source.unpipe(limit);
    if (!source.readableEnded) source.resume();
  }
  if (interrupted && out.error !== undefined && !limit.exceeded) {
    return { error: invalid([{ field: fileField, message: 'the upload ended before the file was complete' }]) };
  }
  if (limit.exceeded) {
    return {
      error: new AppError(
        413,
        'payload-too-large',
        `the file exceeds the limit of ${max} bytes`,
        spec.rule ? { rule: spec.rule } : {},
      ),
    };
  }
  return out;
}
