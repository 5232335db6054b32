import type { RotateParams } from '../contracts';
import type { Asker, IdentityDeps } from './deps';
import { officer } from './access';

/** Token signing keys: the public JWKS, and the administrators' view and rotation. */

export const jwks = (d: IdentityDeps) => d.keyring.jwks();

export async function signingKeys(d: IdentityDeps, asker: Asker) {
  await officer(d, asker, 'admin');
  return d.keyring.describe();
}

/**
 * A scheduled rotation logs nobody out (the old key verifies until its last token expires); an
 * immediate one withdraws the old key at once (issue 18 item 6). Both announce `identity.keys.changed`.
 */
export async function rotateSigningKey(d: IdentityDeps, asker: Asker, p: RotateParams) {
  await officer(d, asker, 'admin');
  await d.keyring.rotate(!!p.immediate);
  return d.keyring.describe();
}
