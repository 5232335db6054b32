import { defineEvents } from '@puesc/contracts';
import { assertEventPayload, clearEventSchemas, eventSchemaOf, registerEventCatalogue } from '../src';

describe('event catalogues', () => {
  afterEach(() => clearEventSchemas());

  it('registers each event of a catalogue under its versioned type, so payloads are validated', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['orderId'],
      properties: { orderId: { type: 'string' } },
    };
    registerEventCatalogue(
      defineEvents({
        'shop.order.placed': { title: 'Order placed', description: 'a client placed an order', schema },
        'shop.order.sent': { title: 'Order sent', description: 'the order left', schema, version: 2 },
      }),
    );
    expect(eventSchemaOf('puesc.shop.order.placed.v1')).toBe(schema);
    expect(eventSchemaOf('puesc.shop.order.sent.v2')).toBe(schema);
    expect(() => assertEventPayload('puesc.shop.order.placed.v1', { orderId: 'o1' })).not.toThrow();
    expect(() => assertEventPayload('puesc.shop.order.placed.v1', { order: 'o1' })).toThrow();
  });
});
