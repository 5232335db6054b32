import { isAppError } from './errors';

/** True for the store's optimistic-concurrency refusal: another writer saved the aggregate first. */
export const isConcurrencyError = (e: unknown): boolean => isAppError(e) && e.type === 'concurrent-modification';

/**
 * Runs a load → decide → save step again when another writer got in between (optimistic
 * concurrency). Only the concurrency refusal is retried; every other error passes through.
 */
export async function withRetry<T>(step: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (e) {
      if (!isConcurrencyError(e) || i >= attempts) throw e;
    }
  }
}
