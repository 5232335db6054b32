/**
 * The registry's one peer: identity, asked whether an account represents a company with a
 * permission (ID-07, ID-10). The only place the registry calls `identity.authorize`.
 */

/** The permissions the registry asks about (ID-07 catalogue). */
export type Permission = 'company.manage' | 'documents.view-all';

export interface IdentityPeer {
  /** Does the account hold one of `permissions` for the company? Asked in order; the first yes answers. */
  holdsAny(accountId: string, companyId: string, permissions: Permission[]): Promise<boolean>;
}

/** Something that can call an action (a Moleculer context, so that the call carries its meta). */
export interface ActionCaller {
  call(action: string, params: object): Promise<unknown>;
}

export function identityPeer(via: ActionCaller): IdentityPeer {
  return {
    async holdsAny(accountId, companyId, permissions) {
      for (const permission of permissions) {
        const r = (await via.call('identity.authorize', { accountId, companyId, permission })) as { allowed?: boolean };
        if (r?.allowed) return true;
      }
      return false;
    },
  };
}
