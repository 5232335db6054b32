/**
 * JSON Schema fragments every contract uses (action params, views, event payloads), written once
 * so that a date-time or an EORI means the same in every service. Spread one to add a
 * description: `{ ...eori, description: '…' }`.
 */

/** An instant, RFC 3339 (`2026-01-05T10:00:00.000Z`). */
export const dateTime = { type: 'string', format: 'date-time' } as const;

/** A calendar day `YYYY-MM-DD`. */
export const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** ID SISC: the platform's id of a registered person (ID-02). */
export const idSisc = { type: 'string', pattern: '^PL\\d{12}$', description: 'ID SISC' } as const;

/** A country, ISO 3166-1 alpha-2, upper case. */
export const countryCode = { type: 'string', pattern: '^[A-Z]{2}$' } as const;

/** An EORI number as stored (REG-02): country code and up to 15 letters or digits. */
export const eori = { type: 'string', pattern: '^[A-Z]{2}[A-Z0-9]{1,15}$' } as const;

/** An EORI as a person types it (validated by the service with its rule, REG-02). */
export const eoriInput = { type: 'string', maxLength: 17 } as const;

/** A NIP as a person types it, separators allowed (validated by the service, REG-03). */
export const nipInput = { type: 'string', maxLength: 16 } as const;

/** An e-mail address. */
export const email = { type: 'string', format: 'email', maxLength: 254 } as const;

/** A string or null. */
export const nullableString = { type: ['string', 'null'] } as const;

/** A value of the JSON type `t`, or null. */
export const nullable = <T extends string>(t: T) => ({ type: [t, 'null'] }) as const;

/** The params of an action that takes none. */
export const emptyParams = { type: 'object', additionalProperties: false, properties: {} } as const;

/** An object with exactly these properties, `required` among them. */
export const objectOf = <P extends Record<string, object>>(
  properties: P,
  required: readonly (keyof P & string)[] = [],
) => ({ type: 'object', additionalProperties: false, properties, required: [...required] }) as const;
