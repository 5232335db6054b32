/**
 * How an e-mail leaves the platform: nodemailer over SMTP (`SMTP_URL`), or, in embedded mode
 * without a server, an RFC 5322 `.eml` file per delivery (nodemailer's stream transport, CRLF line
 * ends) written atomically under `.data/notifications/outbox/`. The file is named by the delivery id,
 * so writing it again after a crash replaces it: in file mode a delivery exists exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  deliveryId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@domain>`. */
  messageId: string;
  date: Date;
  locale: string;
}

export interface SendResult {
  /** The SMTP server's final reply, or the file written. */
  response: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'files';
  send(m: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** RFC 5322 lines end in CRLF; nodemailer leaves bare LFs inside quoted-printable bodies alone. */
const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

function mailOptions(m: OutgoingMail) {
  return {
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: crlf(m.text),
    html: crlf(m.html),
    messageId: m.messageId,
    date: m.date,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'Content-Language': m.locale,
      'X-PUESC-Delivery': m.deliveryId,
    },
  };
}

export function createSmtpMailer(url: string, timeoutMs: number): Mailer {
  const transport: Transporter = nodemailer.createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  return {
    kind: 'smtp',
    async send(m) {
      const info = (await transport.sendMail(mailOptions(m))) as { response?: string; rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length) {
        const err = new Error(`recipient refused: ${info.response ?? ''}`) as Error & { code: string };
        err.code = 'EENVELOPE';
        throw err;
      }
      return { response: String(info.response ?? '250 OK').slice(0, 300) };
    },
    close() {
      transport.close();
    },
  };
}

export function createFileMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready = false;
  return {
    kind: 'files',
    async send(m) {
      const info = await transport.sendMail(mailOptions(m));
      const bytes = info.message as Buffer;
      if (!ready) {
        await fs.promises.mkdir(dir, { recursive: true });
        ready = true;
      }
      const file = path.join(dir, `${m.deliveryId.replace(/[^A-Za-z0-9_-]/g, '_')}.eml`);
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, bytes, { mode: 0o600 });
      await fs.promises.rename(tmp, file);
      return { response: `written ${path.basename(file)}` };
    },
    close() {
      transport.close();
    },
  };
}
