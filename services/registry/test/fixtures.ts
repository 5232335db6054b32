import type { CompanyData } from '../src/domain';

export const NIP_A = '1234563218';
export const NIP_B = '8567346215';

/** Computes a valid NIP from 9 digits (skips those whose sum mod 11 is 10). */
export function nipFrom(n: number): string {
  const W = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  for (let k = n; ; k++) {
    const d = String(k % 1_000_000_000).padStart(9, '0');
    const c = d.split('').reduce((s, x, i) => s + Number(x) * W[i]!, 0) % 11;
    if (c !== 10) return d + String(c);
  }
}

export const polishCompany = (over: Partial<CompanyData> = {}): CompanyData => ({
  name: 'Hurtownia Bałtyk sp. z o.o.',
  legalForm: 'limited-liability-company',
  country: 'PL',
  nip: NIP_A,
  regon: '123456785',
  krs: '0000123456',
  address: { street: 'ul. Portowa 1', postalCode: '81-300', city: 'Gdynia', country: 'PL' },
  contact: { email: 'biuro@baltyk.example', phone: '+48 58 000 00 00' },
  consentToPublish: true,
  ...over,
});

export const thirdCountryCompany = (over: Partial<CompanyData> = {}): CompanyData => ({
  name: 'Kyiv Grain Traders LLC',
  legalForm: 'foreign-entity',
  country: 'UA',
  address: { street: 'Khreshchatyk 1', postalCode: '01001', city: 'Kyiv', country: 'UA' },
  contact: { email: 'office@grain.example' },
  consentToPublish: false,
  ...over,
});
