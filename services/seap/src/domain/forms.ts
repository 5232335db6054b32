/**
 * DOC-01: the forms catalogue. Each form is defined once, here, as a JSON Schema (draft-07) of its
 * content: field titles, `x-help` help texts (what the "i" button shows next to a field), the
 * required fields (red asterisk) and, for WDEUS01, what each purpose requires on top. Clients build
 * their form from it (`GET /api/v1/forms/:code`); `generate` validates a draft against it.
 *
 * Attachments are not part of the content: they are uploaded as PDF files (DOC-04) and listed in
 * the generated document with their kind, size and SHA-256.
 */
import {
  APPLICATION_PURPOSES,
  ATTACHMENT_KINDS,
  type ApplicationPurpose,
  type AttachmentKind,
  type FormCode,
  type TargetService,
} from '@puesc/contracts';
import { OFFICES, OFFICE_CODES } from './offices';

// The form codes, targets, purposes and attachment kinds are the contract's (szprot reads them too).
export { APPLICATION_PURPOSES, ATTACHMENT_KINDS, type AttachmentKind, type FormCode, type TargetService };
export type Purpose = ApplicationPurpose;

export interface FormDefinition {
  code: FormCode;
  version: number;
  /** Name as shown on PUESC, with the target system in brackets. */
  name: string;
  /** English name. */
  title: string;
  /** The system that handles documents of this form (DOC-01). */
  target: TargetService;
  /** WDEUS01: what the application asks for. */
  purposes?: readonly Purpose[];
  description: string;
  /** Where the authority receiving the document is named in the content (a field path). */
  authorityField: string;
  /** Where the case the document belongs to is named, if anywhere. */
  caseRefField?: string;
  /** Where the contact person's e-mail is (NOT-01). */
  contactEmailField?: string;
  /** A company context (EORI, REG-01) is required to send it. */
  requiresCompany: boolean;
  /** Kinds an attachment of this form may have. */
  attachmentKinds: readonly AttachmentKind[];
  schema: JsonSchema;
}

export type JsonSchema = Record<string, unknown>;

/** How each attachment kind is named to people (the list in the WDEUS01 guide, step 1.3, plus EUP-17). */
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  'no-infringements-statement':
    'Oświadczenie o braku poważnych lub powtarzających się naruszeń przepisów prawa celnego lub podatkowego',
  guarantee: 'Skan zabezpieczenia (depozyt w gotówce lub zobowiązanie gwaranta)',
  'sample-record-card': 'Przykładowa karta ewidencji',
  'goods-list': 'Wykaz towarów objętych procedurą końcowego przeznaczenia',
  authorisation: 'Upoważnienie (pełnomocnictwo)',
  'stamp-duty': 'Dowód uiszczenia opłaty skarbowej od upoważnienia',
  other: 'Inny dokument (oświadczenie, zaświadczenie, skan)',
};

// ---- field builders ----------------------------------------------------------------------------

const text = (title: string, help: string, max = 500, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  title,
  'x-help': help,
  minLength: 1,
  maxLength: max,
  ...extra,
});

const longText = (title: string, help: string, max = 20_000): JsonSchema =>
  text(title, help, max, { 'x-widget': 'textarea' });

const date = (title: string, help: string): JsonSchema => ({ type: 'string', format: 'date', title, 'x-help': help });

const email = (title: string, help: string): JsonSchema => ({
  type: 'string',
  format: 'email',
  maxLength: 254,
  title,
  'x-help': help,
});

const office = (title: string, help: string): JsonSchema => ({
  type: 'string',
  enum: [...OFFICE_CODES],
  title,
  'x-help': help,
  'x-options': OFFICES.map((o) => ({ value: o.code, label: o.name })),
});

const object = (
  title: string,
  help: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  extra: JsonSchema = {},
): JsonSchema => ({
  type: 'object',
  title,
  'x-help': help,
  additionalProperties: false,
  properties,
  ...(required.length ? { required } : {}),
  ...extra,
});

const EORI = '^[A-Z]{2}[A-Z0-9]{1,15}$';

const contactPerson = object(
  'Osoba do kontaktu',
  'Możesz wskazać osobę do kontaktu. Pracownik organu prowadzącego sprawę może wykorzystać te dane do bieżących kontaktów w toku sprawy; na jej adres e-mail wyślemy też informację, że w Twoim pulpicie czeka dokument.',
  {
    name: text('Imię i nazwisko', 'Imię i nazwisko osoby do kontaktu w sprawie.', 200),
    email: email(
      'Adres e-mail',
      'Adres e-mail osoby do kontaktu. Wyślemy na niego powiadomienie, gdy w sprawie pojawi się dokument (nie sam dokument).',
    ),
    phone: text('Telefon', 'Numer telefonu osoby do kontaktu, z numerem kierunkowym.', 30, {
      pattern: '^[+0-9 ()-]{5,30}$',
    }),
  },
  ['name', 'email'],
);

// ---- WDEUS01 -----------------------------------------------------------------------------------

const wdeus01Schema: JsonSchema = {
  $id: 'urn:puesc:form:WDEUS01:1',
  type: 'object',
  title: 'Wniosek o pozwolenie na procedurę końcowego przeznaczenia',
  additionalProperties: false,
  properties: {
    purpose: {
      type: 'string',
      enum: [...APPLICATION_PURPOSES],
      title: 'Cel wniosku',
      'x-help': 'Wybierz, czy wnioskujesz o udzielenie pozwolenia, jego zmianę, zawieszenie czy cofnięcie.',
      'x-options': [
        { value: 'grant', label: 'Udzielenie pozwolenia' },
        { value: 'amend', label: 'Zmiana pozwolenia' },
        { value: 'suspend', label: 'Zawieszenie pozwolenia' },
        { value: 'revoke', label: 'Cofnięcie pozwolenia' },
      ],
    },
    permitNumber: text(
      'Numer pozwolenia',
      'Numer pozwolenia, którego dotyczy wniosek o zmianę, zawieszenie lub cofnięcie. Pole wymagane dla tych wniosków.',
      50,
    ),
    applicant: object(
      'Wnioskodawca',
      'Podmiot, który ubiega się o pozwolenie. Musi być zarejestrowany na PUESC i mieć numer EORI.',
      {
        eori: text(
          'Numer EORI',
          'Numer EORI wnioskodawcy: kod kraju i do 15 znaków, wielkimi literami, bez spacji (np. PL123456321800000).',
          17,
          { pattern: EORI },
        ),
        name: text('Nazwa lub imię i nazwisko', 'Pełna nazwa wnioskodawcy, jak w rejestrze.', 300),
        established: {
          type: 'string',
          enum: ['EU', 'non-EU'],
          default: 'EU',
          title: 'Siedziba',
          'x-help':
            'Czy wnioskodawca ma siedzibę na obszarze celnym Unii. Pozwolenie dla podmiotu spoza Unii wydaje się wyjątkowo, w uzasadnionych przypadkach.',
        },
        aeo: {
          type: 'boolean',
          default: false,
          title: 'Status AEO',
          'x-help':
            'Zaznacz, jeśli wnioskodawca ma status upoważnionego przedsiębiorcy (AEO). Podmioty bez AEO dołączają oświadczenie o braku naruszeń.',
        },
        aeoNumber: text('Numer świadectwa AEO', 'Numer świadectwa AEO, jeśli wnioskodawca ma ten status.', 50),
      },
      ['eori', 'name'],
    ),
    representative: object(
      'Dane reprezentanta',
      'Wypełnij, jeśli składasz wniosek w imieniu wnioskodawcy. Pracownik lub pełnomocnik dołącza upoważnienie i dowód uiszczenia opłaty skarbowej; osoba reprezentująca z mocy prawa i zarejestrowany przedstawiciel celny, który złożył już upoważnienie, nie muszą.',
      {
        kind: {
          type: 'string',
          enum: ['by-law', 'employee-attorney', 'customs-direct', 'customs-indirect'],
          title: 'Rodzaj reprezentacji',
          'x-help':
            'Z mocy prawa (właściciel, członek zarządu uprawniony do samodzielnej reprezentacji, prokurent samoistny), pracownik lub pełnomocnik, przedstawiciel celny bezpośredni lub pośredni.',
          'x-options': [
            { value: 'by-law', label: 'Z mocy prawa' },
            { value: 'employee-attorney', label: 'Pracownik lub pełnomocnik' },
            { value: 'customs-direct', label: 'Przedstawiciel celny bezpośredni' },
            { value: 'customs-indirect', label: 'Przedstawiciel celny pośredni' },
          ],
        },
        name: text('Imię i nazwisko lub nazwa', 'Imię i nazwisko reprezentanta albo nazwa agencji celnej.', 300),
        identifier: text('Identyfikator', 'PESEL, ID SISC lub numer EORI reprezentanta.', 30),
        filedAuthorisationRef: text(
          'Powołanie na złożone upoważnienie',
          'Jeśli jesteś zarejestrowanym przedstawicielem celnym podmiotu i złożyłeś już upoważnienie, wskaż je tutaj zamiast dołączać nowe.',
          100,
        ),
      },
      ['kind', 'name'],
    ),
    addressedOffice: office(
      'Organ, do którego kierujesz wniosek',
      'Naczelnik urzędu celno-skarbowego właściwego dla miejsca, w którym prowadzisz lub udostępniasz dla potrzeb celnych swoje główne księgi rachunkowe. Jeżeli masz siedzibę poza obszarem celnym Unii: urząd właściwy dla miejsca pierwszego planowanego wykorzystania towarów.',
    ),
    territory: {
      type: 'string',
      enum: ['PL'],
      default: 'PL',
      title: 'Obszar ważności pozwolenia',
      'x-help':
        'Usługa dotyczy pozwoleń obowiązujących tylko na terytorium Polski. Pozwolenie ważne także w innym państwie członkowskim uzyskasz w systemie CDS.',
    },
    mainAccountsOffice: office(
      'Urząd właściwy dla głównych ksiąg rachunkowych',
      'Urząd celno-skarbowy właściwy dla miejsca prowadzenia lub udostępniania dla potrzeb celnych głównych ksiąg rachunkowych wnioskodawcy.',
    ),
    firstUseOffice: office(
      'Urząd miejsca pierwszego wykorzystania',
      'Dla wnioskodawcy spoza obszaru celnego Unii: urząd właściwy dla miejsca pierwszego planowanego wykorzystania towarów.',
    ),
    nonEuJustification: longText(
      'Uzasadnienie wyjątku',
      'Dla wnioskodawcy spoza obszaru celnego Unii: wyjaśnij, dlaczego pozwolenie powinno zostać wydane wyjątkowo.',
      5000,
    ),
    goods: {
      type: 'array',
      title: 'Towary',
      'x-help':
        'Towary, które mają zostać objęte procedurą końcowego przeznaczenia. Pełny wykaz możesz też dołączyć jako załącznik.',
      minItems: 1,
      maxItems: 500,
      items: object(
        'Towar',
        'Jedna pozycja towarowa.',
        {
          cnCode: text(
            'Kod CN',
            'Ośmiocyfrowy kod Nomenklatury scalonej (CN) albo dziesięciocyfrowy kod TARIC, bez spacji.',
            10,
            { pattern: '^[0-9]{8}([0-9]{2})?$' },
          ),
          description: text('Opis towaru', 'Handlowy opis towaru, pozwalający go zidentyfikować.', 1000),
          quantity: {
            type: 'number',
            exclusiveMinimum: 0,
            title: 'Ilość',
            'x-help': 'Szacunkowa ilość towaru w okresie ważności pozwolenia.',
          },
          unit: text('Jednostka miary', 'Jednostka ilości, np. kg, l, szt.', 20),
          endUse: text(
            'Końcowe przeznaczenie',
            'Szczególne przeznaczenie towaru, od którego zależy zwolnienie z cła lub obniżona stawka (np. przepis, który je przewiduje).',
            1000,
          ),
          sensitiveAgricultural: {
            type: 'boolean',
            default: false,
            title: 'Wrażliwy towar rolny',
            'x-help':
              'Zaznacz, jeśli towar jest wrażliwym towarem rolnym (załącznik 71-02 rozporządzenia 2015/2446): pozwolenie jest wtedy ważne najwyżej 3 lata.',
          },
        },
        ['cnCode', 'description', 'quantity', 'unit', 'endUse'],
      ),
    },
    placesOfUse: {
      type: 'array',
      title: 'Miejsca wykorzystania towarów',
      'x-help': 'Miejsca, w których towary będą przetwarzane lub wykorzystywane zgodnie z końcowym przeznaczeniem.',
      minItems: 1,
      maxItems: 50,
      items: object(
        'Miejsce wykorzystania',
        'Adres miejsca wykorzystania towarów.',
        {
          name: text('Nazwa', 'Nazwa zakładu lub miejsca (opcjonalnie).', 200),
          street: text('Ulica i numer', 'Ulica, numer budynku i lokalu.', 200),
          postalCode: text('Kod pocztowy', 'Kod pocztowy, np. 61-001.', 12),
          city: text('Miejscowość', 'Miejscowość.', 100),
          country: text('Kraj', 'Kod kraju ISO 3166 (dwie litery). Pozwolenie dotyczy tylko Polski.', 2, {
            pattern: '^PL$',
            default: 'PL',
          }),
        },
        ['street', 'postalCode', 'city'],
      ),
    },
    supervisingOffice: office(
      'Urząd nadzorujący',
      'Urząd celno-skarbowy, który będzie sprawował dozór nad stosowaniem procedury.',
    ),
    guarantee: object(
      'Zabezpieczenie',
      'Pozwolenie wymaga zabezpieczenia długu potencjalnego: różnicy między należnościami według zwykłej stawki a stawki preferencyjnej. Wskaż zabezpieczenie generalne lub pojedyncze albo decyzję o zwolnieniu z jego złożenia.',
      {
        kind: {
          type: 'string',
          enum: ['general', 'individual', 'exemption'],
          title: 'Rodzaj',
          'x-help':
            'Zabezpieczenie generalne (na wiele operacji, wymaga odrębnego pozwolenia), pojedyncze albo zwolnienie z obowiązku złożenia zabezpieczenia.',
          'x-options': [
            { value: 'general', label: 'Zabezpieczenie generalne' },
            { value: 'individual', label: 'Zabezpieczenie pojedyncze' },
            { value: 'exemption', label: 'Zwolnienie z obowiązku złożenia zabezpieczenia' },
          ],
        },
        reference: text('Numer referencyjny zabezpieczenia', 'Numer referencyjny (GRN) złożonego zabezpieczenia.', 50),
        decisionReference: text(
          'Numer decyzji o zwolnieniu',
          'Numer decyzji zwalniającej ze złożenia zabezpieczenia.',
          50,
        ),
        amountEur: {
          type: 'number',
          minimum: 0,
          title: 'Kwota (EUR)',
          'x-help':
            'Szacunkowa kwota długu potencjalnego w euro. Zwolnienie jest możliwe, gdy nie przekracza 1000 EUR, osobno dla ceł i podatków.',
        },
      },
      ['kind'],
      {
        allOf: [
          {
            if: { properties: { kind: { enum: ['general', 'individual'] } }, required: ['kind'] },
            then: { required: ['reference'] },
          },
          {
            if: { properties: { kind: { const: 'exemption' } }, required: ['kind'] },
            then: { required: ['decisionReference'] },
          },
        ],
      },
    ),
    records: object(
      'Ewidencja',
      'Ewidencja towarów objętych procedurą, zatwierdzona przez organ. Komputerowa ewidencja musi chronić dane przed zmianą i utratą, zachowywać historię poprawek i nie pozwalać na usuwanie zapisów. Przykładową kartę ewidencji dołącz jako załącznik.',
      {
        form: {
          type: 'string',
          enum: ['electronic', 'paper'],
          title: 'Forma ewidencji',
          'x-help': 'Ewidencja prowadzona w systemie komputerowym albo w formie papierowej.',
        },
        location: text(
          'Miejsce prowadzenia',
          'Adres, pod którym ewidencja jest prowadzona lub udostępniana organowi.',
          300,
        ),
        description: longText(
          'Opis',
          'Jak ewidencja jest prowadzona: system, zakres danych, archiwizacja (co najmniej raz w miesiącu).',
          5000,
        ),
      },
      ['form', 'location'],
    ),
    toro: object(
      'Przeniesienie praw i obowiązków (TORO)',
      'Wypełnij, jeśli chcesz, aby pozwolenie zawierało element TORO. Przeniesienie dotyczy tylko towarów już objętych procedurą, nigdy towarów ekwiwalentnych; posiadacz pozwolenia się nie zmienia, a prawa „osobiste” (np. status AEO) nie przechodzą.',
      {
        requested: {
          type: 'boolean',
          title: 'Wnioskuję o element TORO',
          'x-help': 'Zaznacz, jeśli pozwolenie ma dopuszczać przeniesienie praw i obowiązków.',
        },
        mode: {
          type: 'string',
          enum: ['TORO-1', 'TORO-2'],
          title: 'Tryb',
          'x-help': 'TORO-1: na przejmującego bez pozwolenia; TORO-2: na przejmującego, który ma pozwolenie TORO.',
        },
        scope: longText(
          'Zakres przeniesienia',
          'Wyraźnie określ zakres praw i obowiązków, których dotyczy przeniesienie.',
          5000,
        ),
      },
      ['requested'],
      {
        if: { properties: { requested: { const: true } }, required: ['requested'] },
        then: { required: ['mode', 'scope'] },
      },
    ),
    requestedValidityYears: {
      type: 'integer',
      minimum: 1,
      maximum: 5,
      title: 'Wnioskowany okres ważności (lata)',
      'x-help':
        'Pozwolenie jest ważne najwyżej 5 lat od dnia, w którym zaczyna obowiązywać; najwyżej 3 lata dla wrażliwych towarów rolnych.',
    },
    amendment: longText('Zakres zmiany', 'Opisz, co w pozwoleniu ma zostać zmienione i dlaczego.', 10_000),
    suspension: object(
      'Zawieszenie',
      'Okres i powód zawieszenia pozwolenia.',
      {
        from: date('Od dnia', 'Dzień, od którego pozwolenie ma być zawieszone.'),
        to: date('Do dnia', 'Dzień, do którego pozwolenie ma być zawieszone (opcjonalnie).'),
        reason: longText('Powód', 'Powód zawieszenia.', 5000),
      },
      ['from', 'reason'],
    ),
    revocation: object(
      'Cofnięcie',
      'Powód i data cofnięcia pozwolenia.',
      {
        reason: longText('Powód', 'Powód cofnięcia pozwolenia.', 5000),
        from: date('Od dnia', 'Dzień, od którego pozwolenie ma być cofnięte (opcjonalnie).'),
      },
      ['reason'],
    ),
    contactPerson,
    remarks: longText('Uwagi', 'Dodatkowe informacje dla organu.', 10_000),
    declaration: object(
      'Oświadczenie',
      'Oświadczenie wnioskodawcy o zgodności danych z prawdą. Wniosek podpisujesz w kroku 2.',
      {
        truthful: {
          type: 'boolean',
          const: true,
          title: 'Oświadczam, że dane we wniosku są zgodne z prawdą',
          'x-help': 'Musisz złożyć to oświadczenie, aby wygenerować dokument.',
        },
        place: text('Miejscowość', 'Miejscowość złożenia wniosku.', 100),
        date: date('Data', 'Data złożenia wniosku.'),
      },
      ['truthful', 'place', 'date'],
    ),
  },
  required: ['purpose', 'applicant', 'addressedOffice', 'territory', 'declaration'],
  allOf: [
    {
      if: { properties: { purpose: { const: 'grant' } }, required: ['purpose'] },
      then: { required: ['goods', 'placesOfUse', 'supervisingOffice', 'guarantee', 'records'] },
    },
    {
      if: { properties: { purpose: { enum: ['amend', 'suspend', 'revoke'] } }, required: ['purpose'] },
      then: { required: ['permitNumber'] },
    },
    { if: { properties: { purpose: { const: 'amend' } }, required: ['purpose'] }, then: { required: ['amendment'] } },
    {
      if: { properties: { purpose: { const: 'suspend' } }, required: ['purpose'] },
      then: { required: ['suspension'] },
    },
    { if: { properties: { purpose: { const: 'revoke' } }, required: ['purpose'] }, then: { required: ['revocation'] } },
    {
      if: {
        properties: { applicant: { properties: { established: { const: 'non-EU' } }, required: ['established'] } },
        required: ['applicant'],
      },
      then: { required: ['firstUseOffice', 'nonEuJustification'] },
    },
  ],
};

// ---- DDS0001 -----------------------------------------------------------------------------------

const dds0001Schema: JsonSchema = {
  $id: 'urn:puesc:form:DDS0001:1',
  type: 'object',
  title: 'Dokument do sprawy',
  additionalProperties: false,
  properties: {
    caseRef: text(
      'Znak sprawy',
      'Znak (numer) sprawy, która jest w toku w urzędzie. Znajdziesz go na wezwaniu lub informacji z urzędu w zakładce Moje sprawy i dokumenty.',
      100,
    ),
    office: office('Organ prowadzący sprawę', 'Urząd, który prowadzi sprawę i do którego kierujesz pismo.'),
    inReplyTo: text(
      'W odpowiedzi na dokument',
      'Identyfikator dokumentu z urzędu, na który odpowiadasz (np. wezwania do uzupełnienia), jeśli pismo jest odpowiedzią.',
      64,
    ),
    subject: text(
      'Tytuł pisma',
      'Krótko: czego dotyczy pismo (np. „Uzupełnienie wniosku”, „Stanowisko w sprawie”).',
      300,
    ),
    body: longText(
      'Treść pisma',
      'Treść pisma: wyjaśnienia, uzupełnienia, stanowisko. Dokumenty dołącz jako załączniki PDF.',
    ),
    contactPerson,
  },
  required: ['caseRef', 'office', 'subject', 'body'],
};

// ---- WDWCO001 ----------------------------------------------------------------------------------

const wdwco001Schema: JsonSchema = {
  $id: 'urn:puesc:form:WDWCO001:1',
  type: 'object',
  title: 'Odwołanie od decyzji',
  additionalProperties: false,
  properties: {
    decisionReference: text('Numer decyzji', 'Numer (znak) decyzji, od której się odwołujesz.', 100),
    decisionDate: date('Data decyzji', 'Data wydania decyzji.'),
    caseRef: text('Znak sprawy', 'Znak sprawy, w której wydano decyzję.', 100),
    office: office(
      'Organ, który wydał decyzję',
      'Urząd, którego naczelnik wydał decyzję. Odwołanie wnosisz za jego pośrednictwem w terminie 14 dni od dnia doręczenia decyzji.',
    ),
    demand: longText('Żądanie', 'Czego żądasz: np. uchylenia decyzji w całości lub w części, zmiany decyzji.', 5000),
    grounds: longText('Uzasadnienie', 'Zarzuty wobec decyzji i ich uzasadnienie; dowody dołącz jako załączniki PDF.'),
    contactPerson,
  },
  required: ['decisionReference', 'office', 'grounds'],
};

// ---- the catalogue -----------------------------------------------------------------------------

export const FORMS: readonly FormDefinition[] = [
  {
    code: 'WDEUS01',
    version: 1,
    name: 'WDEUS01 Procedura końcowego przeznaczenia [SZPROT]',
    title: 'End-use authorisation application: grant, amend, suspend or revoke',
    target: 'szprot',
    purposes: APPLICATION_PURPOSES,
    description:
      'Wniosek o udzielenie, zmianę, zawieszenie lub cofnięcie pozwolenia na procedurę końcowego przeznaczenia (pozwolenie ważne tylko w Polsce).',
    authorityField: 'addressedOffice',
    contactEmailField: 'contactPerson.email',
    requiresCompany: true,
    attachmentKinds: ATTACHMENT_KINDS,
    schema: wdeus01Schema,
  },
  {
    code: 'DDS0001',
    version: 1,
    name: 'DDS0001 Dokument do sprawy [SEAP]',
    title: 'Document to an open case',
    target: 'seap',
    description:
      'Przesłanie dokumentu do sprawy, która jest w toku w urzędzie (np. odpowiedź na wezwanie, stanowisko).',
    authorityField: 'office',
    caseRefField: 'caseRef',
    contactEmailField: 'contactPerson.email',
    requiresCompany: false,
    attachmentKinds: [
      'authorisation',
      'stamp-duty',
      'guarantee',
      'sample-record-card',
      'goods-list',
      'no-infringements-statement',
      'other',
    ],
    schema: dds0001Schema,
  },
  {
    code: 'WDWCO001',
    version: 1,
    name: 'WDWCO001 Odwołanie od decyzji [SZPROT]',
    title: 'Appeal against a decision',
    target: 'szprot',
    description: 'Odwołanie od decyzji, wnoszone w terminie 14 dni od dnia jej doręczenia.',
    authorityField: 'office',
    caseRefField: 'caseRef',
    contactEmailField: 'contactPerson.email',
    requiresCompany: false,
    attachmentKinds: ['authorisation', 'stamp-duty', 'other'],
    schema: wdwco001Schema,
  },
];

export const FORM_CODES = FORMS.map((f) => f.code);

export const formOf = (code: string): FormDefinition | undefined => FORMS.find((f) => f.code === code);

/** The value at a dotted path of a content object. */
export function valueAt(content: unknown, path: string): unknown {
  let v: unknown = content;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Every property of a schema, with its dotted path (arrays: `goods[]`), for the help-text check. */
export function fieldsOf(schema: JsonSchema, prefix = ''): { path: string; schema: JsonSchema }[] {
  const out: { path: string; schema: JsonSchema }[] = [];
  const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const [name, s] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.push({ path, schema: s });
    if (s['type'] === 'object') out.push(...fieldsOf(s, path));
    if (s['type'] === 'array' && typeof s['items'] === 'object')
      out.push(...fieldsOf(s['items'] as JsonSchema, `${path}[]`));
  }
  return out;
}
