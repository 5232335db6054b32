/**
 * The domain's decisions as the tests read them: the value of an ok result, or the refusal thrown
 * as the very problem the service answers for it (src/app/refusals), so that a test can check the
 * status, the rule and every field named. Everything else is the domain as it is.
 */
import * as domain from '../../src/domain';
import { orThrow } from '../../src/app/refusals';

export * from '../../src/domain';

export const submit = (...a: Parameters<typeof domain.submit>) => orThrow(domain.submit(...a));
export const approve = (...a: Parameters<typeof domain.approve>) => orThrow(domain.approve(...a));
export const reject = (...a: Parameters<typeof domain.reject>) => orThrow(domain.reject(...a));
export const change = (...a: Parameters<typeof domain.change>) => orThrow(domain.change(...a));
export const remove = (...a: Parameters<typeof domain.remove>) => orThrow(domain.remove(...a));
export const setExcise = (...a: Parameters<typeof domain.setExcise>) => orThrow(domain.setExcise(...a));
export const eoriPlan = (...a: Parameters<typeof domain.eoriPlan>) => orThrow(domain.eoriPlan(...a));
export const parseImportFile = (...a: Parameters<typeof domain.parseImportFile>) =>
  orThrow(domain.parseImportFile(...a));
export const planImport = (...a: Parameters<typeof domain.planImport>) => orThrow(domain.planImport(...a));
