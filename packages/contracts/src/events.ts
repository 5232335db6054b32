/**
 * The home of the durable events' payload contracts: one catalogue per publishing service
 * (`events/<service>.ts` once a service moves its catalogue here), each event by subject with its
 * title, description and the JSON Schema of its `data`. `registerEventCatalogue` of
 * `@puesc/events` registers a catalogue, so a payload is validated before it enters an outbox;
 * consumers and the AsyncAPI documents read the same catalogues.
 */

/** One event type: `puesc.<subject>.v<version>`. */
export interface EventContract {
  title: string;
  description: string;
  /** JSON Schema of the CloudEvent's `data`. */
  schema: object;
  /** Default 1. */
  version?: number;
}

/** A publishing service's events by subject (`<service>.<entity>.<fact>`). */
export type EventCatalogue = Record<string, EventContract>;

/** The durable stream a service publishes to: `<SERVICE>` with subjects `<service>.>`. */
export interface StreamContract {
  name: string;
  subjects: string[];
  description?: string;
}

/** Declares a catalogue (keeps its subjects as literal types). */
export const defineEvents = <C extends EventCatalogue>(catalogue: C): C => catalogue;
