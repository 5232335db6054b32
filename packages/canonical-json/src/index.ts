export { canonicalJson, canonicalBytes, canonicalSha256 } from './canonical';
export { CanonicalJsonError, toJsonValue, type JsonValue, type CanonicalJsonProblem } from './jsonValue';
