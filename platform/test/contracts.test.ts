/**
 * @puesc/contracts says what the services say: until each service takes its vocabulary from
 * contracts (then its line here goes), the two must not drift apart.
 */
import * as contracts from '@puesc/contracts';
import { callerFromClaims as gatewayCaller } from '@puesc/gateway';
import * as identity from '@puesc/identity';
import { domain as notifications } from '@puesc/notifications';
import type * as pki from '@puesc/pki';
import type * as registry from '@puesc/registry';
import * as seap from '@puesc/seap';

/** `true` only when A and B are the same type (checked when the tests are type-checked). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('contracts and the services agree', () => {
  it('ID-07 the permission catalogue and the representation kinds are identity’s', () => {
    expect(contracts.PERMISSIONS).toEqual(identity.PERMISSIONS);
    expect(contracts.REPRESENTATION_KINDS).toEqual(identity.REPRESENTATION_KINDS);
  });

  it('the caller of a token is the one the gateway and identity read', () => {
    const claims = { sub: 'acc-1', scope: 'extended', roles: ['client'], pid: 'PL000000000018', jti: 't-1' };
    expect(contracts.callerFromClaims(claims)).toEqual(gatewayCaller(claims));
    expect(contracts.callerFromClaims(claims)).toEqual(identity.callerFromClaims(claims as never));
    expect(contracts.callerFromClaims({ sub: 'a', scope: 'openid extended' })).toEqual(
      gatewayCaller({ sub: 'a', scope: 'openid extended' }),
    );
  });

  it('NOT-01 the mail templates are the ones notifications renders, the secret ones alike', () => {
    expect(contracts.MAIL_TEMPLATES).toEqual(notifications.TEMPLATES);
    expect(contracts.ONE_TIME_CODE_TEMPLATES).toEqual(notifications.SECRET_TEMPLATES);
  });

  it('DOC-01 the form codes and WDEUS01 attachment kinds are seap’s catalogue; DOC-05 the UPO types are seap’s', () => {
    expect(contracts.FORM_CODES).toEqual(seap.FORMS.map((f) => f.code));
    expect(seap.formOf('WDEUS01')?.attachmentKinds).toEqual(contracts.ATTACHMENT_KINDS);
    expect(contracts.AUTHORITY_DOCUMENT_KINDS).toEqual(seap.AUTHORITY_KINDS);
    expect([contracts.UPO_TYP, contracts.AUTHORITY_DOCUMENT_TYP]).toEqual([seap.UPO_TYP, seap.AUTHORITY_DOCUMENT_TYP]);
  });

  it('PKI-05, REG-06, DOC-05 the answers pki, the registry and seap declare are the contracts’ types', () => {
    // The proof is the annotation: `tsc -p platform` (pnpm build, CI) refuses this file when a pair differs.
    const same: [
      Same<contracts.VerificationResult, pki.VerificationResult>,
      Same<contracts.PublicCheckAnswer, registry.PublicCheckAnswer>,
      Same<contracts.Company, registry.Company>,
      Same<contracts.Upo, seap.Upo>,
    ] = [true, true, true, true];
    expect(same).toEqual([true, true, true, true]);
  });
});
