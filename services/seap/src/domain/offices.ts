/**
 * The customs and tax offices (urzędy celno-skarbowe) documents are addressed to. The UPO names the
 * receiving authority in full (DOC-05): the head (naczelnik) of the office, in the genitive as it is
 * written on Polish official documents. Codes are customs office reference numbers (`PL` + 6).
 */
export interface Office {
  code: string;
  /** The office's name. */
  name: string;
  /** The authority: who the document is addressed to and who receives it. */
  authority: string;
}

export const OFFICES: readonly Office[] = [
  {
    code: 'PL021000',
    name: 'Dolnośląski Urząd Celno-Skarbowy we Wrocławiu',
    authority: 'Naczelnik Dolnośląskiego Urzędu Celno-Skarbowego we Wrocławiu',
  },
  {
    code: 'PL041000',
    name: 'Kujawsko-Pomorski Urząd Celno-Skarbowy w Toruniu',
    authority: 'Naczelnik Kujawsko-Pomorskiego Urzędu Celno-Skarbowego w Toruniu',
  },
  {
    code: 'PL061000',
    name: 'Lubelski Urząd Celno-Skarbowy w Białej Podlaskiej',
    authority: 'Naczelnik Lubelskiego Urzędu Celno-Skarbowego w Białej Podlaskiej',
  },
  {
    code: 'PL081000',
    name: 'Lubuski Urząd Celno-Skarbowy w Gorzowie Wielkopolskim',
    authority: 'Naczelnik Lubuskiego Urzędu Celno-Skarbowego w Gorzowie Wielkopolskim',
  },
  { code: 'PL101000', name: 'Urząd Celno-Skarbowy w Łodzi', authority: 'Naczelnik Urzędu Celno-Skarbowego w Łodzi' },
  {
    code: 'PL121000',
    name: 'Małopolski Urząd Celno-Skarbowy w Krakowie',
    authority: 'Naczelnik Małopolskiego Urzędu Celno-Skarbowego w Krakowie',
  },
  {
    code: 'PL141000',
    name: 'Mazowiecki Urząd Celno-Skarbowy w Warszawie',
    authority: 'Naczelnik Mazowieckiego Urzędu Celno-Skarbowego w Warszawie',
  },
  {
    code: 'PL142000',
    name: 'Urząd Celno-Skarbowy Port Lotniczy Warszawa-Okęcie',
    authority: 'Naczelnik Urzędu Celno-Skarbowego Port Lotniczy Warszawa-Okęcie',
  },
  {
    code: 'PL161000',
    name: 'Opolski Urząd Celno-Skarbowy w Opolu',
    authority: 'Naczelnik Opolskiego Urzędu Celno-Skarbowego w Opolu',
  },
  {
    code: 'PL181000',
    name: 'Podkarpacki Urząd Celno-Skarbowy w Przemyślu',
    authority: 'Naczelnik Podkarpackiego Urzędu Celno-Skarbowego w Przemyślu',
  },
  {
    code: 'PL201000',
    name: 'Podlaski Urząd Celno-Skarbowy w Białymstoku',
    authority: 'Naczelnik Podlaskiego Urzędu Celno-Skarbowego w Białymstoku',
  },
  {
    code: 'PL221000',
    name: 'Pomorski Urząd Celno-Skarbowy w Gdyni',
    authority: 'Naczelnik Pomorskiego Urzędu Celno-Skarbowego w Gdyni',
  },
  {
    code: 'PL241000',
    name: 'Śląski Urząd Celno-Skarbowy w Katowicach',
    authority: 'Naczelnik Śląskiego Urzędu Celno-Skarbowego w Katowicach',
  },
  {
    code: 'PL261000',
    name: 'Świętokrzyski Urząd Celno-Skarbowy w Kielcach',
    authority: 'Naczelnik Świętokrzyskiego Urzędu Celno-Skarbowego w Kielcach',
  },
  {
    code: 'PL281000',
    name: 'Warmińsko-Mazurski Urząd Celno-Skarbowy w Olsztynie',
    authority: 'Naczelnik Warmińsko-Mazurskiego Urzędu Celno-Skarbowego w Olsztynie',
  },
  {
    code: 'PL301000',
    name: 'Wielkopolski Urząd Celno-Skarbowy w Poznaniu',
    authority: 'Naczelnik Wielkopolskiego Urzędu Celno-Skarbowego w Poznaniu',
  },
  {
    code: 'PL321000',
    name: 'Zachodniopomorski Urząd Celno-Skarbowy w Szczecinie',
    authority: 'Naczelnik Zachodniopomorskiego Urzędu Celno-Skarbowego w Szczecinie',
  },
];

export const OFFICE_CODES: readonly string[] = OFFICES.map((o) => o.code);

/** `301000` and `PL301000` name the same office. */
export const normaliseOfficeCode = (code: string): string => {
  const c = code.trim().toUpperCase();
  return /^[0-9]{6}$/.test(c) ? `PL${c}` : c;
};

export function officeOf(code: string | undefined | null): Office | undefined {
  if (!code) return undefined;
  const c = normaliseOfficeCode(code);
  return OFFICES.find((o) => o.code === c);
}
