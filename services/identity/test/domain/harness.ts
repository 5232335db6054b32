import type { Result } from '@puesc/kernel';
import { decided } from '../../src/app/refusals';

/**
 * A domain decision as the service answers it: its value, or its refusal thrown as the problem
 * the service would answer (status, problem type, rule id), so that tests read decisions the way
 * clients meet them.
 */
export const answered =
  <A extends unknown[], T>(decide: (...args: A) => Result<T>) =>
  (...args: A): T =>
    decided(decide(...args));
