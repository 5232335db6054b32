import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Paths never written to logs: secrets and personal identifiers. */
export const redactPaths = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'idToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  'privateKeyPem',
  '*.privateKeyPem',
  'otp',
  '*.otp',
  'oneTimeCode',
  '*.oneTimeCode',
  'pesel',
  '*.pesel',
  '*.*.pesel',
  'params.pesel',
  'params.*.pesel',
  'documentNumber',
  '*.documentNumber',
];

export function loggerOptions(level = process.env['LOG_LEVEL'] ?? 'info'): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(name: string, level?: string, destination?: pino.DestinationStream): Logger {
  const opts = { ...loggerOptions(level), name };
  return destination ? pino(opts, destination) : pino(opts);
}
