/**
 * The fault test's oracles: what the clients believe (their submissions and receipts), what the
 * services stored (seap's documents with their UPOs, notifications' deliveries, in MongoDB), what
 * the streams hold (every message, raw) and what the consumers did, put side by side.
 */
import { MongoClient } from 'mongodb';
import type { Audit, StoredEvent } from './audit';
import type { HttpStats } from './http';
import type { Probe, SignUpResult, Submission } from './load';

export interface FaultWindow {
  target: string;
  signal: string;
  from: number;
  to: number;
  exitCode?: number | null;
}

export interface Report {
  when: string;
  durationSec: number;
  processes: string[];
  faults: string[];
  submitters: number;
  // ---- the Must-show figures
  submissionsSent: number;
  accepted: number;
  uposIssued: number;
  eventsProcessed: number;
  duplicates: number;
  losses: number;
  fiveXxOtherThan503: number;
  // ---- details
  details: {
    seapReceivedEvents: number;
    seapEventsProcessedByAuditConsumer: number;
    /** seap.document.received events szprot recorded as processed (null: no szprot in this build). */
    seapEventsProcessedBySzprot: number | null;
    redeliveriesSkippedByIdempotency: number;
    mailEvents: number;
    mailDeliveries: number;
    mailDeliveriesSent: number;
    replaysChecked: number;
    replaysWithSameUpo: number;
    duplicateUpos: number;
    duplicateStreamMessages: number;
    duplicateEventsPerDocument: number;
    duplicateEffects: number;
    duplicateMailDeliveries: number;
    acceptedWithoutStoredUpo: number;
    sentNeverAccepted: number;
    eventsNotProcessed: number;
    mailEventsNotDelivered: number;
    receivedUnknownToClients: number;
    clientRetries: number;
    signUps: number;
    signUpsFailed: number;
    http: Record<string, unknown>;
    s503WithoutRetryAfter: number;
    probesBy: Record<string, Record<string, number>>;
    missingServiceAnswered503: Record<string, boolean>;
    problems: string[];
  };
  /** Raw timelines for diagnosis (ms since the start). */
  timeline: { windows: FaultWindow[]; probes: Probe[] };
}

const TOKEN = /Fault test submission (faults-[^:]+):/;

export interface Observed {
  subs: Submission[];
  signUps: SignUpResult[];
  probes: Probe[];
  windows: FaultWindow[];
  stats: HttpStats;
  audit: Audit;
  seapStream: StoredEvent[];
  identityStream: StoredEvent[];
  seapDocs: Record<string, any>[];
  deliveries: Record<string, any>[];
  /** szprot's processed event ids, or null when the build has no szprot. */
  szprotProcessed: Record<string, any>[] | null;
}

export async function readStores(mongoUrl: string, ns: string) {
  const m = new MongoClient(mongoUrl);
  await m.connect();
  try {
    const seapDocs = await m.db(`${ns}-seap`).collection('documents').find({ origin: 'client' }).toArray();
    const deliveries = await m.db(`${ns}-notifications`).collection('deliveries').find({}).toArray();
    // szprot (when the build runs it) consumes every seap.document.received: its processed ids.
    const szprotProcessed = await m.db(`${ns}-szprot`).collection('_processed').find({}).toArray();
    return {
      seapDocs: seapDocs as Record<string, any>[],
      deliveries: deliveries as Record<string, any>[],
      szprotProcessed: szprotProcessed as Record<string, any>[],
    };
  } finally {
    await m.close();
  }
}

export function buildReport(o: Observed, meta: { started: number; processes: string[]; submitters: number }): Report {
  const problems: string[] = [];
  const received = o.seapDocs.filter((d) => d.status === 'received');
  const receivedByToken = new Map<string, Record<string, any>[]>();
  for (const d of received) {
    const token = TOKEN.exec(String(d.content?.body ?? ''))?.[1] ?? `?${d._id}`;
    receivedByToken.set(token, [...(receivedByToken.get(token) ?? []), d]);
  }

  // ---- submissions: nothing lost, one UPO each, the same UPO on a replay
  const sent = o.subs.filter(
    (s) => s.phase === 'send' || s.phase === 'accepted' || (s.phase === 'failed' && s.documentId),
  );
  const accepted = o.subs.filter((s) => s.phase === 'accepted');
  let acceptedWithoutStoredUpo = 0;
  for (const s of accepted) {
    const docs = receivedByToken.get(s.key) ?? [];
    const d = docs.find((x) => x._id === s.documentId);
    if (!d || d.upoId !== s.upoId || d.upo?.jws !== s.upoJws) {
      acceptedWithoutStoredUpo++;
      problems.push(`accepted ${s.key} (document ${s.documentId}, UPO ${s.upoId}) has no matching stored receipt`);
    }
  }
  const sentNeverAccepted = sent.filter((s) => s.phase !== 'accepted');
  for (const s of sentNeverAccepted) problems.push(`sent ${s.key} never accepted: ${s.error ?? s.phase}`);
  const otherFailures = o.subs.filter((s) => s.phase === 'failed' && !s.documentId);
  for (const s of otherFailures) problems.push(`submission ${s.key} failed before sending: ${s.error}`);
  let duplicateUpos = 0;
  for (const [token, docs] of receivedByToken)
    if (docs.length > 1) {
      duplicateUpos += docs.length - 1;
      problems.push(`${token}: ${docs.length} receipts (${docs.map((d) => d.upoId).join(', ')})`);
    }
  const upoIds = new Set(received.map((d) => d.upoId));
  if (upoIds.size !== received.length) {
    duplicateUpos += received.length - upoIds.size;
    problems.push(`${received.length} receipts but ${upoIds.size} distinct UPO ids`);
  }
  const clientKeys = new Set(o.subs.map((s) => s.key));
  const receivedUnknownToClients = [...receivedByToken.keys()].filter((t) => !clientKeys.has(t)).length;
  if (receivedUnknownToClients) problems.push(`${receivedUnknownToClients} receipts no client submission explains`);
  const replays = accepted.filter((s) => s.replayUpoJws !== undefined);
  const replaysSame = replays.filter((s) => s.replayUpoJws === s.upoJws);
  for (const s of replays) if (s.replayUpoJws !== s.upoJws) problems.push(`replay of ${s.key} returned another UPO`);

  // ---- durable events: one message per event, one event per document, each processed once
  const rec = o.seapStream.filter((e) => e.subject.endsWith('seap.document.received'));
  const perId = count(rec.map((e) => e.id));
  const duplicateStreamMessages = [...perId.values()].reduce((n, c) => n + (c - 1), 0);
  const firstOfId = new Map(rec.map((e) => [e.id, e]));
  const perDoc = count([...firstOfId.values()].map((e) => String(e.data['documentId'])));
  const duplicateEventsPerDocument = [...perDoc.values()].reduce((n, c) => n + (c - 1), 0);
  if (duplicateStreamMessages) problems.push(`${duplicateStreamMessages} seap.document.received messages stored twice`);
  if (duplicateEventsPerDocument)
    problems.push(`${duplicateEventsPerDocument} documents with more than one received event`);
  let eventsNotProcessed = 0;
  for (const d of received) {
    const evs = [...firstOfId.values()].filter((e) => e.data['documentId'] === d._id);
    if (!evs.length) {
      eventsNotProcessed++;
      problems.push(`document ${d._id} received, but no seap.document.received in the stream`);
      continue;
    }
    for (const e of evs) {
      if (e.data['upoId'] !== d.upoId)
        problems.push(`event ${e.id} names UPO ${String(e.data['upoId'])}, stored ${d.upoId}`);
      const seen = o.audit.received.get(e.id);
      if (!seen || seen.runs === 0) {
        eventsNotProcessed++;
        problems.push(`event ${e.id} (document ${d._id}) never processed by the consumer`);
      }
    }
  }
  let seapEventsProcessedBySzprot: number | null = null;
  if (o.szprotProcessed) {
    const done = new Set(
      o.szprotProcessed.filter((p) => String(p.consumer ?? '').startsWith('szprot')).map((p) => String(p.eventId)),
    );
    seapEventsProcessedBySzprot = [...firstOfId.keys()].filter((id) => done.has(id)).length;
    for (const id of firstOfId.keys())
      if (!done.has(id)) {
        eventsNotProcessed++;
        problems.push(`event ${id} never processed by szprot`);
      }
  }
  let duplicateEffects = 0;
  for (const s of o.audit.received.values())
    if (s.runs > 1) {
      duplicateEffects += s.runs - 1;
      problems.push(`event ${s.eventId} processed ${s.runs} times`);
    }

  // notifications: every identity.mail.requested delivered once
  const mails = o.identityStream.filter((e) => e.subject.endsWith('identity.mail.requested'));
  const mailIds = new Set(mails.map((e) => e.id));
  const byKey = count(o.deliveries.map((d) => String(d.key)));
  const duplicateMailDeliveries = [...byKey.values()].reduce((n, c) => n + (c - 1), 0);
  const deliveriesOf = new Map<string, Record<string, any>[]>();
  for (const d of o.deliveries)
    if (d.eventId) deliveriesOf.set(String(d.eventId), [...(deliveriesOf.get(String(d.eventId)) ?? []), d]);
  let mailEventsNotDelivered = 0;
  let mailDuplicates = duplicateMailDeliveries;
  for (const id of mailIds) {
    const ds = deliveriesOf.get(id) ?? [];
    const recipients = count(ds.map((d) => String(d.recipient)));
    for (const [r, c] of recipients)
      if (c > 1) {
        mailDuplicates += c - 1;
        problems.push(`mail event ${id}: ${c} deliveries to ${r}`);
      }
    // The load reads each code from identity as soon as its event is out and uses it at once; a
    // mail whose delivery came after that is rightly not sent (ID-12: identity no longer holds a
    // valid code), and it counts as handled, not lost.
    const codeAlreadyUsed = (d: Record<string, any>) =>
      d.state === 'cancelled' && String(d.lastError ?? '').includes('identity.mailSecret: 404');
    if (!ds.some((d) => d.state === 'sent' || codeAlreadyUsed(d))) {
      mailEventsNotDelivered++;
      problems.push(
        `mail event ${id} not delivered (${ds.map((d) => `${d.state}: ${d.lastError ?? ''}`).join('; ') || 'no delivery'})`,
      );
    }
  }
  const mailDeliveriesSent = o.deliveries.filter(
    (d) => d.state === 'sent' && d.eventId && mailIds.has(String(d.eventId)),
  ).length;

  // ---- HTTP: 503 + Retry-After while something is missing, never another 5xx
  const s503WithoutRetryAfter = o.stats.s503 - o.stats.s503WithRetryAfter;
  for (const u of o.stats.unexpected5xx) problems.push(`${u.status} on ${u.method} ${u.path} at ${u.at}: ${u.body}`);
  if (s503WithoutRetryAfter) problems.push(`${s503WithoutRetryAfter} answers 503 without Retry-After`);
  const probesBy: Record<string, Record<string, number>> = {};
  for (const p of o.probes) {
    const b = (probesBy[p.service] ??= {});
    const k = p.status === 0 ? 'unreachable' : String(p.status);
    b[k] = (b[k] ?? 0) + 1;
  }
  const missingServiceAnswered503: Record<string, boolean> = {};
  for (const w of o.windows) {
    if (w.target === 'gateway' || w.target === 'nats' || !(w.target in probesBy)) continue;
    // A SIGKILLed node is dropped after the heartbeat timeout (6 s): its 503s may come a little later.
    const inWindow = o.probes.filter((p) => p.service === w.target && p.at >= w.from && p.at <= w.to + 10_000);
    const key = `${w.target} (${w.signal})`;
    missingServiceAnswered503[key] = inWindow.some((p) => p.status === 503 && p.retryAfter);
  }

  const clientRetries = o.subs.reduce((n, s) => n + s.attempts.retries, 0);
  const seapEventsProcessed = [...o.audit.received.values()].filter((s) => s.runs > 0).length;
  const duplicates =
    duplicateUpos + duplicateStreamMessages + duplicateEventsPerDocument + duplicateEffects + mailDuplicates;
  const losses = acceptedWithoutStoredUpo + sentNeverAccepted.length + eventsNotProcessed + mailEventsNotDelivered;
  return {
    when: new Date().toISOString(),
    durationSec: Math.round((Date.now() - meta.started) / 1000),
    processes: meta.processes,
    faults: o.windows.map(
      (w) =>
        `${w.target} ${w.signal}${w.exitCode === undefined ? '' : ` (exit ${w.exitCode})`} down ${((w.to - w.from) / 1000).toFixed(1)} s`,
    ),
    submitters: meta.submitters,
    submissionsSent: sent.length,
    accepted: accepted.length,
    uposIssued: upoIds.size,
    eventsProcessed: seapEventsProcessed + (seapEventsProcessedBySzprot ?? 0) + mailDeliveriesSent,
    duplicates,
    losses,
    fiveXxOtherThan503: o.stats.unexpected5xx.length,
    details: {
      seapReceivedEvents: firstOfId.size,
      seapEventsProcessedByAuditConsumer: seapEventsProcessed,
      seapEventsProcessedBySzprot,
      redeliveriesSkippedByIdempotency: o.audit.deliveries - o.audit.runs,
      mailEvents: mailIds.size,
      mailDeliveries: o.deliveries.filter((d) => d.eventId && mailIds.has(String(d.eventId))).length,
      mailDeliveriesSent,
      replaysChecked: replays.length,
      replaysWithSameUpo: replaysSame.length,
      duplicateUpos,
      duplicateStreamMessages,
      duplicateEventsPerDocument,
      duplicateEffects,
      duplicateMailDeliveries: mailDuplicates,
      acceptedWithoutStoredUpo,
      sentNeverAccepted: sentNeverAccepted.length,
      eventsNotProcessed,
      mailEventsNotDelivered,
      receivedUnknownToClients,
      clientRetries,
      signUps: o.signUps.length,
      signUpsFailed: o.signUps.filter((s) => !s.ok).length,
      http: o.stats.summary(),
      s503WithoutRetryAfter,
      probesBy,
      missingServiceAnswered503,
      problems: problems.slice(0, 50),
    },
    timeline: {
      windows: o.windows.map((w) => ({ ...w, from: w.from - meta.started, to: w.to - meta.started })),
      probes: o.probes.map((p) => ({ ...p, at: p.at - meta.started })),
    },
  };
}

function count(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

export function reportText(r: Report): string {
  const d = r.details;
  return [
    `FAULT TEST REPORT (${r.when}, ${r.durationSec} s, ${r.submitters} concurrent submitters)`,
    `processes: ${r.processes.join(', ')}`,
    `faults:    ${r.faults.join('; ')}`,
    '',
    `submissions sent          ${r.submissionsSent}`,
    `accepted (UPO received)   ${r.accepted}`,
    `UPOs issued               ${r.uposIssued}`,
    `events processed          ${r.eventsProcessed}  (seap.document.received by the audit consumer ${d.seapEventsProcessedByAuditConsumer}${d.seapEventsProcessedBySzprot === null ? '' : ` and by szprot ${d.seapEventsProcessedBySzprot}`}, identity.mail.requested delivered by notifications ${d.mailDeliveriesSent})`,
    `duplicates                ${r.duplicates}  (UPOs ${d.duplicateUpos}, stream messages ${d.duplicateStreamMessages}, events per document ${d.duplicateEventsPerDocument}, consumer effects ${d.duplicateEffects}, e-mails ${d.duplicateMailDeliveries})`,
    `losses                    ${r.losses}  (accepted without stored UPO ${d.acceptedWithoutStoredUpo}, sent never accepted ${d.sentNeverAccepted}, events not processed ${d.eventsNotProcessed}, e-mails not delivered ${d.mailEventsNotDelivered})`,
    `5xx other than 503        ${r.fiveXxOtherThan503}`,
    '',
    `503 answers ${String(d.http['s503'])} (all with Retry-After: ${d.s503WithoutRetryAfter === 0}); connection failures ${String(d.http['transportErrors'])}; client retries ${d.clientRetries}`,
    `replays with the same Idempotency-Key: ${d.replaysWithSameUpo}/${d.replaysChecked} returned the same UPO; redeliveries skipped by idempotency: ${d.redeliveriesSkippedByIdempotency}`,
    `a missing service answered 503 + Retry-After: ${Object.entries(d.missingServiceAnswered503)
      .map(([k, v]) => `${k} ${v ? 'yes' : 'NO'}`)
      .join(', ')}`,
    `sign-ups during the faults: ${d.signUps} (${d.signUpsFailed} failed)`,
    `HTTP statuses: ${JSON.stringify(d.http['byStatus'])}`,
    ...(d.problems.length ? ['', 'PROBLEMS:', ...d.problems.map((p) => `  - ${p}`)] : []),
  ].join('\n');
}
