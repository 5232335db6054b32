/**
 * Steps of a case as a client, seap and an officer take them, over a driver (broker or HTTP):
 * send a form through "seap", open a delivered document, move the clock and run the sweep.
 */
import type { Caller } from '@puesc/service';
import type { Collection } from '@puesc/store';
import { COLLECTIONS, type CaseDoc, type PermitDoc, type RejectionDoc } from '../../src/store';
import {
  deliveredEvent,
  eventually,
  officer,
  owner,
  receivedEvent,
  type Call,
  type Delivered,
  type SendOptions,
  type World,
} from './harness';

const DAY = 86_400_000;

export class Scenario {
  constructor(
    readonly world: World,
    readonly call: Call,
  ) {}

  get clock() {
    return this.world.clock;
  }

  private store() {
    const s = this.world.host.stores.get('szprot');
    if (!s) throw new Error('no szprot store');
    return s;
  }
  get cases(): Collection<CaseDoc> {
    return this.store().collection<CaseDoc>(COLLECTIONS.cases);
  }
  get permits(): Collection<PermitDoc> {
    return this.store().collection<PermitDoc>(COLLECTIONS.permits);
  }
  get rejections(): Collection<RejectionDoc> {
    return this.store().collection<RejectionDoc>(COLLECTIONS.rejections);
  }

  /** seap received a signed form and published it. Returns the seap document id. */
  async send(
    form: 'WDEUS01' | 'DDS0001' | 'WDWCO001',
    content: Record<string, unknown>,
    o: SendOptions = {},
  ): Promise<string> {
    const e = receivedEvent(form, content, o, this.clock.now());
    await this.world.host.bus.publish(e);
    return (e.data as { documentId: string }).documentId;
  }

  /** A WDEUS01 sent; resolves with the case it started (or null when refused at receipt). */
  async apply(content: Record<string, unknown>, o: SendOptions = {}): Promise<string | null> {
    const id = await this.send('WDEUS01', content, o);
    return eventually(async () => {
      const c = await this.cases.findOne({ applicationDocumentId: id });
      if (c) return { caseId: c._id as string | null };
      if (await this.rejections.get(id)) return { caseId: null };
      return null;
    }, `intake of ${id}`).then((r) => r.caseId);
  }

  /** A DDS0001 / WDWCO001 sent to a case; resolves once the case took it in (applied, refused or noted). */
  async submit(form: 'DDS0001' | 'WDWCO001', caseId: string, content: Record<string, unknown>, o: SendOptions = {}) {
    const id = await this.send(form, content, { caseRef: caseId, ...o });
    const entry = await eventually(
      async () => (await this.cases.get(caseId))?.inbox.find((x) => x.documentId === id),
      `${form} ${id} taken in`,
    );
    return entry;
  }

  async case(caseId: string, user: Caller = officer) {
    return this.call('getCase', { caseId }, user);
  }

  /** The seap delivery of a case document of this kind (the latest). */
  delivery(pred: (d: Delivered) => boolean): Delivered {
    const d = [...this.world.deliveries].reverse().find(pred);
    if (!d) throw new Error('no such delivery');
    return d;
  }

  deliveryOf(domainDocumentId: string): Delivered {
    return this.delivery((d) => d.params['content']?.documentId === domainDocumentId);
  }

  /** The client opens a document in seap; seap publishes the delivery (DOC-07). */
  async open(domainDocumentId: string, by: Caller = owner) {
    const d = await eventually(
      async () => this.world.deliveries.find((x) => x.params['content']?.documentId === domainDocumentId),
      `delivery of ${domainDocumentId}`,
    );
    await this.world.host.bus.publish(deliveredEvent(d, this.clock.now(), false, by.id));
    const caseId = d.params['caseRef'] as string;
    await eventually(async () => {
      const c = await this.cases.get(caseId);
      return c?.permitCase.documents.find((x) => x.id === domainDocumentId)?.deliveredAt;
    }, `delivery of ${domainDocumentId} recorded`);
  }

  /** seap deems a document delivered at `at` (DOC-07: seap's period, whatever it is). */
  async deem(domainDocumentId: string, at: Date) {
    const d = await eventually(
      async () => this.world.deliveries.find((x) => x.params['content']?.documentId === domainDocumentId),
      `delivery of ${domainDocumentId}`,
    );
    await this.world.host.bus.publish(deliveredEvent(d, at, true, null));
    const caseId = d.params['caseRef'] as string;
    await eventually(async () => {
      const c = await this.cases.get(caseId);
      return c?.permitCase.documents.find((x) => x.id === domainDocumentId)?.deliveredAt;
    }, `deemed delivery of ${domainDocumentId} recorded`);
  }

  /** Moves the clock to `to` (forward only) and runs the sweep. */
  async at(to: Date) {
    const ms = to.getTime() - this.clock.now().getTime();
    if (ms > 0) this.clock.advance(ms);
    return this.tick();
  }

  async days(n: number) {
    this.clock.advance(n * DAY);
    return this.tick();
  }

  async tick() {
    return this.world.host.call('szprot.tick', {});
  }

  /** Every durable event published so far with this subject. */
  async events(subject: string, min = 1) {
    await this.world.host.settle();
    return eventually(async () => {
      const list = this.world.events.filter((e) => e.subject === subject);
      return list.length >= min ? list : null;
    }, `${min} event(s) ${subject}`);
  }
}
