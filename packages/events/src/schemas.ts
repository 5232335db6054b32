import type { ValidateFunction } from 'ajv';
import { ajv, conflict, fieldProblems, invalid, invalidField } from '@puesc/kernel';

/** Event payload schemas by CloudEvent type; each compiled once, when registered. */
const registry = new Map<string, { schema: object; validate: ValidateFunction }>();

/**
 * Registers the JSON Schema of one event type's `data`. Registering the same schema again is a
 * no-op (modules may be loaded twice); a different schema for a known type is a programming error.
 */
export function registerEventSchema(type: string, schema: object): void {
  const known = registry.get(type);
  if (known) {
    if (known.schema === schema || JSON.stringify(known.schema) === JSON.stringify(schema)) return;
    throw conflict(`event type ${type} already has a different schema`);
  }
  registry.set(type, { schema, validate: ajv.compile(schema) });
}

export const hasEventSchema = (type: string): boolean => registry.has(type);

export const eventSchemaOf = (type: string): object | undefined => registry.get(type)?.schema;

/** Event types with a registered schema (for the AsyncAPI document). */
export const registeredEventTypes = (): string[] => [...registry.keys()].sort();

/** Refuses an unregistered type or a payload that breaks its schema, naming the field (`data.<path>`). */
export function assertEventPayload(type: string, data: unknown): void {
  const entry = registry.get(type);
  if (!entry) throw invalidField('type', `no schema is registered for event type ${type}`);
  if (!entry.validate(data)) {
    throw invalid(
      fieldProblems(entry.validate.errors).map((p) => ({ ...p, field: p.field ? `data.${p.field}` : 'data' })),
    );
  }
}

/** Test helper: forgets every registration. */
export function clearEventSchemas(): void {
  registry.clear();
}
