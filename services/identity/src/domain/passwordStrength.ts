import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as pl from '@zxcvbn-ts/language-pl';

/**
 * ASVS 2.1.7: a password is refused when it is easy to guess, as estimated by zxcvbn-ts (common
 * passwords, English and Polish words and names, keyboard patterns, repeats, sequences, dates,
 * l33t substitutions) with the words of this service and the user's own data.
 */

/** At least 10^11 estimated guesses: beyond zxcvbn's top score (10^10), so a dictionary word with a year is refused. */
export const MIN_GUESSES_LOG10 = 11;

/** Words anyone would try first against this service. */
const SERVICE_WORDS = [
  'puesc',
  'e-clo',
  'eclo',
  'pue',
  'customs',
  'clo',
  'celny',
  'szprot',
  'seap',
  'demo',
  'admin',
  'haslo',
];

/** Only the first characters are estimated: the cost grows with the length, and more cannot make it weaker. */
const ESTIMATED_LENGTH = 64;

const withoutWikipedia = (d: Record<string, unknown>) =>
  // the Wikipedia lists make an estimate ten times slower and add little over the common words and names
  Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith('wikipedia')));

let estimator: ZxcvbnFactory | undefined;
const theEstimator = (): ZxcvbnFactory =>
  (estimator ??= new ZxcvbnFactory({
    dictionary: {
      ...common.dictionary,
      ...withoutWikipedia(en.dictionary),
      ...withoutWikipedia(pl.dictionary),
      service: SERVICE_WORDS,
    } as never,
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  }));

export interface Strength {
  guessesLog10: number;
  /** Why it is weak, when the estimator can say. */
  warning: string | null;
}

/** The estimated strength; `userInputs` are words of the user (the e-mail address and its parts). */
export function estimateStrength(password: string, userInputs: readonly string[] = []): Strength {
  const r = theEstimator().check(password.slice(0, ESTIMATED_LENGTH), [...userInputs]);
  return { guessesLog10: r.guessesLog10, warning: r.feedback.warning ?? null };
}

/** The words of an e-mail address an attacker would try in a password. */
export const wordsOfEmail = (email: string): string[] => {
  const e = email.trim().toLowerCase();
  return [e, ...e.split(/[@.+_-]/).filter((w) => w.length >= 3)];
};
