/** The OpenAPI tag of every notifications route. */
export const TAGS = ['notifications'];
