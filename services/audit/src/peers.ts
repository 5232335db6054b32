/** The other service the audit service asks: identity, whether a reader manages the company (ID-10, ID-07). */
import { identityPeer as identityClient, type PeerCaller } from '@puesc/contracts';

export type IdentityPeer = Pick<ReturnType<typeof identityClient>, 'authorize'>;

/** identity, called within the reader's request (`ctx`, so the request's meta follows). */
export const identityPeer = (via: PeerCaller): IdentityPeer => identityClient(via);
