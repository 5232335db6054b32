/**
 * E-mail templates, Polish with an English variant, plain text and HTML. They say what arrived and
 * where to find it (NOT-01, DOC-06), or which time limit is near (NOT-02) — never the document
 * itself, and no secret but a one-time code (identity's verification, reset and claim codes).
 * Every value from an event is escaped in HTML and stripped of control characters in text.
 */
import { isLocalDate } from '@puesc/calendar';
import { MAIL_TEMPLATES, ONE_TIME_CODE_TEMPLATES, type MailTemplate } from '@puesc/contracts';
import { withCode } from './links';
import { formatDateTime, formatDay } from './mailDates';

export type Locale = 'pl' | 'en';
export const LOCALES: readonly Locale[] = ['pl', 'en'];

/** Every template, by the ids of @puesc/contracts (identity asks for its e-mails by them). */
export const TEMPLATES = MAIL_TEMPLATES;
export type TemplateId = MailTemplate;

/** Templates that carry a one-time code: the code is kept only until the e-mail is sent. */
export const SECRET_TEMPLATES: readonly TemplateId[] = ONE_TIME_CODE_TEMPLATES;

/** Why this recipient gets the e-mail: the addressee's account, the application's contact person, an officer. */
export type RecipientRole = 'account' | 'contact' | 'addressee' | 'officer' | 'office';

export type ParamValue = string | number | boolean | null;
export type TemplateParams = Record<string, ParamValue>;

export interface RenderInput {
  template: TemplateId;
  locale: Locale;
  role: RecipientRole;
  params: TemplateParams;
  /** The one-time code, for the templates that carry one. */
  oneTimeCode?: string;
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

// ---- escaping -----------------------------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Removes control characters (keeps nothing that could break a line or a header). */
export const clean = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();

/** A link is only ever http(s); anything else is dropped rather than shown. */
export function safeUrl(u: unknown): string | null {
  if (typeof u !== 'string') return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

// ---- building blocks ----------------------------------------------------------------------------

/** A message as blocks, rendered both as text and as HTML from one description. */
type Block =
  | { p: string }
  | { facts: [string, string | null][] }
  | { link: string; label: string }
  | { code: string; note?: string }
  | { small: string };

interface Message {
  subject: string;
  greeting: string;
  blocks: Block[];
}

const str = (v: ParamValue | undefined): string | null => {
  if (v === undefined || v === null || v === '') return null;
  return clean(String(v)).slice(0, 500) || null;
};

const dateOf = (v: ParamValue | undefined): Date | null => {
  if (typeof v !== 'string') return null;
  const t = new Date(v);
  return Number.isNaN(t.getTime()) ? null : t;
};

const day = (v: ParamValue | undefined, l: Locale): string | null => {
  if (isLocalDate(v)) return formatDay(v, l);
  const t = dateOf(v);
  return t ? formatDay(t, l) : null;
};
const dateTime = (v: ParamValue | undefined, l: Locale): string | null => {
  const t = dateOf(v);
  return t ? formatDateTime(t, l) : null;
};

const FOOTER: Record<Locale, string> = {
  pl: 'Wiadomość wysłana automatycznie przez Platformę Usług Elektronicznych Skarbowo-Celnych (PUESC). Prosimy na nią nie odpowiadać. PUESC nigdy nie prosi w wiadomościach e-mail o hasło.',
  en: 'This message was sent automatically by the Customs and Tax e-Services Platform (PUESC). Please do not reply. PUESC never asks for your password by e-mail.',
};

const GREETING: Record<Locale, string> = { pl: 'Dzień dobry,', en: 'Hello,' };

// ---- labels -------------------------------------------------------------------------------------

const DOCUMENT_KINDS: Record<string, Record<Locale, string>> = {
  'call-to-complete': { pl: 'wezwanie do uzupełnienia wniosku', en: 'call to complete the application' },
  information: { pl: 'informacja', en: 'information' },
  'information-request': { pl: 'wezwanie do przedstawienia informacji', en: 'request for information' },
  permit: { pl: 'pozwolenie', en: 'permit' },
  refusal: { pl: 'decyzja odmowna', en: 'refusal decision' },
  decision: { pl: 'decyzja', en: 'decision' },
  upo: { pl: 'urzędowe poświadczenie odbioru (UPO)', en: 'official receipt (UPO)' },
  hearing: { pl: 'zawiadomienie o prawie do wypowiedzenia się', en: 'notice of the right to be heard' },
  acceptance: { pl: 'informacja o przyjęciu wniosku', en: 'notice of acceptance of the application' },
  'not-accepted': { pl: 'informacja o nieprzyjęciu wniosku', en: 'notice that the application was not accepted' },
  extension: { pl: 'informacja o przedłużeniu terminu', en: 'notice of an extended time limit' },
  forwarded: { pl: 'informacja o przekazaniu wniosku', en: 'notice that the application was forwarded' },
};

const DEADLINE_KINDS: Record<string, Record<Locale, string>> = {
  completion: {
    pl: 'uzupełnienie wniosku (odpowiedź na wezwanie)',
    en: 'completing the application (answer to the call)',
  },
  information: { pl: 'przedstawienie żądanych informacji', en: 'providing the requested information' },
  'hearing-response': {
    pl: 'wypowiedzenie się co do podstaw planowanej decyzji (prawo do bycia wysłuchanym)',
    en: 'responding to the grounds of the intended decision (right to be heard)',
  },
  appeal: { pl: 'wniesienie odwołania od decyzji', en: 'lodging an appeal against the decision' },
  closure: { pl: 'złożenie rozliczenia zamknięcia (końcowego)', en: 'submitting the bill of discharge' },
  acceptance: { pl: 'decyzja o przyjęciu wniosku', en: 'deciding whether to accept the application' },
  decision: { pl: 'wydanie decyzji w sprawie', en: 'issuing the decision in the case' },
};

/** DOC-10: the services a notice names (NOTICE_SERVICES of @puesc/contracts), as a client knows them. */
const SERVICES: Record<string, Record<Locale, string>> = {
  identity: { pl: 'konto, logowanie i uprawnienia', en: 'account, sign-in and permissions' },
  registry: { pl: 'rejestracja podmiotów i numery EORI', en: 'company registration and EORI numbers' },
  pki: { pl: 'certyfikaty celne', en: 'customs certificates' },
  seap: { pl: 'wysyłanie i odbiór dokumentów', en: 'sending and receiving documents' },
  szprot: { pl: 'wnioski, sprawy i pozwolenia', en: 'applications, cases and permits' },
  notifications: { pl: 'powiadomienia', en: 'notifications' },
};

const labelOf = (table: Record<string, Record<Locale, string>>, v: ParamValue | undefined, l: Locale) => {
  const k = str(v);
  if (!k) return null;
  return table[k]?.[l] ?? k;
};

/** The link to the document's own page (issue 17), when the event named the document. */
const documentLink = (p: TemplateParams, l: Locale): Block[] => {
  const url = safeUrl(p['documentUrl']);
  return url ? [{ link: url, label: l === 'pl' ? 'Otwórz dokument' : 'Open the document' }] : [];
};

/** What the link of a code e-mail does: the page it opens takes the code from it. */
const CODE_LINK_LABELS: Record<string, Record<Locale, string>> = {
  'verify-email': { pl: 'Potwierdź adres e-mail', en: 'Confirm the e-mail address' },
  'password-reset': { pl: 'Ustaw nowe hasło', en: 'Set a new password' },
  'officer-invitation': { pl: 'Ustaw hasło', en: 'Set your password' },
};

// ---- the templates ------------------------------------------------------------------------------

function documentAvailable(p: TemplateParams, l: Locale, role: RecipientRole): Message {
  const kind = labelOf(DOCUMENT_KINDS, p['documentKind'], l);
  const url = safeUrl(p['url']);
  const open = documentLink(p, l);
  const caseRef = str(p['caseRef']);
  const deemed = day(p['deemedDeliveredAt'], l);
  const days = typeof p['deemedDays'] === 'number' ? p['deemedDays'] : 14;
  const contact = role === 'contact';
  if (l === 'pl')
    return {
      subject: `PUESC: nowy dokument na liście dokumentów${caseRef ? ` (sprawa ${caseRef})` : ''}`,
      greeting: GREETING.pl,
      blocks: [
        {
          p: contact
            ? 'w sprawie, w której wskazano Panią/Pana we wniosku jako osobę do kontaktu, organ udostępnił nowy dokument na liście dokumentów wnioskodawcy w PUESC.'
            : 'na Pani/Pana liście dokumentów („Moje sprawy i dokumenty”) w PUESC pojawił się nowy dokument od organu.',
        },
        {
          facts: [
            ['Rodzaj', kind],
            ['Tytuł', str(p['title'])],
            ['Sprawa', caseRef],
            ['Podmiot', [str(p['companyName']), str(p['eori'])].filter(Boolean).join(', ') || null],
            ['Nadawca', str(p['issuerName'])],
            ['Udostępniony', dateTime(p['availableAt'], l)],
          ],
        },
        ...open,
        ...(url ? [{ link: url, label: 'Przejdź do listy dokumentów' }] : []),
        {
          p: 'Ze względów bezpieczeństwa dokument nie jest dołączony do tej wiadomości: można go otworzyć wyłącznie po zalogowaniu się do PUESC.',
        },
        {
          p: `Dokument, który nie zostanie otwarty, uważa się za doręczony po upływie ${days} dni od jego udostępnienia${deemed ? ` (${deemed})` : ''}; od doręczenia biegną terminy, np. na wniesienie odwołania.`,
        },
        ...(contact
          ? [
              {
                small:
                  'Otrzymuje Pani/Pan tę wiadomość, ponieważ została Pani/został Pan wskazana/wskazany we wniosku jako osoba do kontaktu.',
              },
            ]
          : []),
      ],
    };
  return {
    subject: `PUESC: a new document in your documents list${caseRef ? ` (case ${caseRef})` : ''}`,
    greeting: GREETING.en,
    blocks: [
      {
        p: contact
          ? 'in a case in which the application names you as the contact person, the authority has made a new document available in the applicant’s documents list in PUESC.'
          : 'a new document from the authority has arrived in your documents list (“My cases and documents”) in PUESC.',
      },
      {
        facts: [
          ['Kind', kind],
          ['Title', str(p['title'])],
          ['Case', caseRef],
          ['Company', [str(p['companyName']), str(p['eori'])].filter(Boolean).join(', ') || null],
          ['From', str(p['issuerName'])],
          ['Made available', dateTime(p['availableAt'], l)],
        ],
      },
      ...open,
      ...(url ? [{ link: url, label: 'Open the documents list' }] : []),
      {
        p: 'For your security the document is not attached to this message: it can only be opened after signing in to PUESC.',
      },
      {
        p: `A document that is not opened is deemed delivered ${days} days after it was made available${deemed ? ` (${deemed})` : ''}; time limits such as the one for an appeal run from delivery.`,
      },
      ...(contact
        ? [{ small: 'You receive this message because the application names you as the contact person.' }]
        : []),
    ],
  };
}

function documentDeemedDelivered(p: TemplateParams, l: Locale): Message {
  const kind = labelOf(DOCUMENT_KINDS, p['documentKind'], l);
  const url = safeUrl(p['url']);
  const open = documentLink(p, l);
  const caseRef = str(p['caseRef']);
  if (l === 'pl')
    return {
      subject: `PUESC: dokument uznany za doręczony${caseRef ? ` (sprawa ${caseRef})` : ''}`,
      greeting: GREETING.pl,
      blocks: [
        { p: 'dokument udostępniony na Pani/Pana liście dokumentów nie został otwarty i został uznany za doręczony.' },
        {
          facts: [
            ['Rodzaj', kind],
            ['Tytuł', str(p['title'])],
            ['Sprawa', caseRef],
            ['Data doręczenia', dateTime(p['deliveredAt'], l)],
          ],
        },
        { p: 'Od tej daty biegną terminy związane z dokumentem, np. 14 dni na wniesienie odwołania od decyzji.' },
        ...open,
        ...(url ? [{ link: url, label: 'Przejdź do listy dokumentów' }] : []),
      ],
    };
  return {
    subject: `PUESC: a document is deemed delivered${caseRef ? ` (case ${caseRef})` : ''}`,
    greeting: GREETING.en,
    blocks: [
      { p: 'a document made available in your documents list was not opened and is now deemed delivered.' },
      {
        facts: [
          ['Kind', kind],
          ['Title', str(p['title'])],
          ['Case', caseRef],
          ['Delivered', dateTime(p['deliveredAt'], l)],
        ],
      },
      { p: 'Time limits connected with the document run from this date, e.g. 14 days to appeal against a decision.' },
      ...open,
      ...(url ? [{ link: url, label: 'Open the documents list' }] : []),
    ],
  };
}

function deadlineReminder(p: TemplateParams, l: Locale, role: RecipientRole): Message {
  const what = labelOf(DEADLINE_KINDS, p['deadlineKind'], l);
  const caseRef = str(p['caseRef']);
  const n = typeof p['daysLeft'] === 'number' ? p['daysLeft'] : null;
  const last = day(p['lastDay'], l) ?? day(p['dueAt'], l);
  const url = safeUrl(p['url']);
  const officer = role === 'officer' || role === 'office';
  const rule = str(p['rule']);
  if (l === 'pl') {
    const when = n === null ? 'wkrótce' : n === 0 ? 'dzisiaj' : n === 1 ? 'jutro' : `za ${n} dni`;
    return {
      subject: `PUESC: termin upływa ${when}${caseRef ? ` (sprawa ${caseRef})` : ''}`,
      greeting: GREETING.pl,
      blocks: [
        {
          p: officer
            ? `przypominamy, że ${when} upływa termin na czynność organu w sprawie prowadzonej przez urząd${str(p['office']) ? ` ${str(p['office'])}` : ''}.`
            : `przypominamy, że ${when} upływa termin na czynność w Pani/Pana sprawie.`,
        },
        {
          facts: [
            ['Czynność', what],
            ['Sprawa', caseRef],
            ['Ostatni dzień terminu', last],
            ['Podstawa', rule],
          ],
        },
        {
          p: officer
            ? 'Termin jest widoczny w kolejce spraw urzędu wraz z jego podstawą, przedłużeniami i wstrzymaniami.'
            : 'Pismo złożone w PUESC jest złożone w terminie, jeżeli wpłynęło do systemu (czas z UPO) przed upływem ostatniego dnia terminu, według czasu polskiego.',
        },
        ...(url ? [{ link: url, label: officer ? 'Przejdź do PUESC' : 'Przejdź do listy spraw i dokumentów' }] : []),
      ],
    };
  }
  const when = n === null ? 'soon' : n === 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`;
  return {
    subject: `PUESC: a time limit ends ${when}${caseRef ? ` (case ${caseRef})` : ''}`,
    greeting: GREETING.en,
    blocks: [
      {
        p: officer
          ? `this is a reminder that the time limit for the office to act in a case handled by office${str(p['office']) ? ` ${str(p['office'])}` : ''} ends ${when}.`
          : `this is a reminder that a time limit in your case ends ${when}.`,
      },
      {
        facts: [
          ['To do', what],
          ['Case', caseRef],
          ['Last day', last],
          ['Legal basis', rule],
        ],
      },
      {
        p: officer
          ? 'The time limit is shown in the office’s case queue with its basis, extensions and pauses.'
          : 'A submission through PUESC is in time if it entered the system (its UPO time) before the end of the last day, Polish time.',
      },
      ...(url ? [{ link: url, label: officer ? 'Open PUESC' : 'Open your cases and documents' }] : []),
    ],
  };
}

function codeMessage(
  template: 'verify-email' | 'password-reset' | 'officer-invitation' | 'legacy-claim-code',
  p: TemplateParams,
  l: Locale,
  code: string | undefined,
): Message {
  const until = dateTime(p['expiresAt'], l);
  const valid = code && /^\d{4,10}$/.test(code) ? code : undefined;
  const shown = valid ?? '——';
  // The page the link opens reads the code from it (issue 17); added here, never stored (ID-12).
  const url = safeUrl(typeof p['url'] === 'string' ? withCode(p['url'], valid) : null);
  const label = CODE_LINK_LABELS[template]?.[l] ?? (l === 'pl' ? 'Przejdź do PUESC' : 'Open PUESC');
  const T = {
    'verify-email': {
      pl: [
        'PUESC: kod potwierdzający adres e-mail',
        'aby potwierdzić adres e-mail konta w PUESC, prosimy wpisać poniższy kod.',
      ],
      en: [
        'PUESC: your e-mail confirmation code',
        'to confirm the e-mail address of your PUESC account, enter the code below.',
      ],
    },
    'password-reset': {
      pl: [
        'PUESC: kod do ustawienia nowego hasła',
        'otrzymaliśmy prośbę o ustawienie nowego hasła do konta w PUESC. Aby to zrobić, prosimy wpisać poniższy kod.',
      ],
      en: [
        'PUESC: your password reset code',
        'we received a request to set a new password for your PUESC account. Enter the code below to do so.',
      ],
    },
    'officer-invitation': {
      pl: [
        'PUESC: zaproszenie do konta funkcjonariusza',
        'utworzono dla Pani/Pana konto w PUESC. Aby ustawić hasło, prosimy otworzyć poniższy link albo na stronie ustawienia nowego hasła wpisać poniższy kod.',
      ],
      en: [
        'PUESC: invitation to an officer account',
        'an account has been created for you in PUESC. To set your password, open the link below, or enter the code below on the password reset page.',
      ],
    },
    'legacy-claim-code': {
      pl: [
        'PUESC: kod powiązania dotychczasowych danych',
        `ktoś poprosił o powiązanie danych zarejestrowanych dotychczas w systemach celnych${str(p['eori']) ? ` (EORI ${str(p['eori'])})` : ''} z kontem w PUESC. Jeśli to Pani/Pan, prosimy wpisać poniższy kod.`,
      ],
      en: [
        'PUESC: your code to link existing records',
        `someone asked to link the records registered so far in the customs systems${str(p['eori']) ? ` (EORI ${str(p['eori'])})` : ''} to a PUESC account. If it was you, enter the code below.`,
      ],
    },
  }[template][l] as [string, string];
  const note =
    l === 'pl'
      ? `Kod jest jednorazowy${until ? ` i ważny do ${until}` : ''}. Prosimy nikomu go nie przekazywać. Jeżeli nie prosiła Pani/nie prosił Pan o kod, prosimy zignorować tę wiadomość.`
      : `The code can be used once${until ? ` and is valid until ${until}` : ''}. Do not share it with anyone. If you did not ask for it, ignore this message.`;
  return {
    subject: T[0],
    greeting: GREETING[l],
    blocks: [{ p: T[1] }, { code: shown, note }, ...(url ? [{ link: url, label }] : [])],
  };
}

function accountExists(p: TemplateParams, l: Locale): Message {
  const url = safeUrl(p['url']);
  return l === 'pl'
    ? {
        subject: 'PUESC: próba założenia konta na ten adres',
        greeting: GREETING.pl,
        blocks: [
          {
            p: 'ktoś próbował założyć konto w PUESC na ten adres e-mail, ale konto z tym adresem już istnieje. Jeżeli nie pamięta Pani/Pan hasła, prosimy skorzystać z funkcji ustawienia nowego hasła.',
          },
          { p: 'Jeżeli to nie Pani/Pan, prosimy zignorować tę wiadomość: konto pozostaje bez zmian.' },
          ...(url ? [{ link: url, label: 'Przejdź do PUESC' }] : []),
        ],
      }
    : {
        subject: 'PUESC: someone tried to register with this address',
        greeting: GREETING.en,
        blocks: [
          {
            p: 'someone tried to create a PUESC account with this e-mail address, but an account with this address already exists. If you forgot your password, use the password reset page.',
          },
          { p: 'If it was not you, ignore this message: your account has not changed.' },
          ...(url ? [{ link: url, label: 'Open PUESC' }] : []),
        ],
      };
}

function passwordChanged(p: TemplateParams, l: Locale): Message {
  const at = dateTime(p['at'], l);
  return l === 'pl'
    ? {
        subject: 'PUESC: hasło do konta zostało zmienione',
        greeting: GREETING.pl,
        blocks: [
          {
            p: `hasło do Pani/Pana konta w PUESC zostało zmienione${at ? ` (${at})` : ''}, a wszystkie sesje zostały wylogowane.`,
          },
          {
            p: 'Jeżeli hasła nie zmieniła Pani/nie zmienił Pan, prosimy natychmiast ustawić nowe hasło i skontaktować się z pomocą techniczną PUESC.',
          },
        ],
      }
    : {
        subject: 'PUESC: your password was changed',
        greeting: GREETING.en,
        blocks: [
          {
            p: `the password of your PUESC account was changed${at ? ` (${at})` : ''} and every session was signed out.`,
          },
          { p: 'If it was not you, set a new password at once and contact the PUESC help desk.' },
        ],
      };
}

function representationDecided(p: TemplateParams, l: Locale): Message {
  const company = str(p['companyName']);
  const approved = str(p['decision']) === 'approved';
  const reason = str(p['reason']);
  const url = safeUrl(p['url']);
  return l === 'pl'
    ? {
        subject: `PUESC: wniosek o rejestrację reprezentacji ${approved ? 'zatwierdzony' : 'odrzucony'}`,
        greeting: GREETING.pl,
        blocks: [
          {
            p: `wniosek o zarejestrowanie reprezentacji${company ? ` podmiotu ${company}` : ''} został ${approved ? 'zatwierdzony. Może Pani/Pan działać w imieniu podmiotu w zakresie nadanych uprawnień.' : 'odrzucony.'}`,
          },
          ...(reason && !approved ? [{ facts: [['Uzasadnienie', reason]] as [string, string | null][] }] : []),
          ...(url ? [{ link: url, label: 'Przejdź do PUESC' }] : []),
        ],
      }
    : {
        subject: `PUESC: your representation request was ${approved ? 'approved' : 'rejected'}`,
        greeting: GREETING.en,
        blocks: [
          {
            p: `your request to register a representation${company ? ` of ${company}` : ''} was ${approved ? 'approved. You may act for the company within the permissions granted.' : 'rejected.'}`,
          },
          ...(reason && !approved ? [{ facts: [['Reason', reason]] as [string, string | null][] }] : []),
          ...(url ? [{ link: url, label: 'Open PUESC' }] : []),
        ],
      };
}

function maintenanceAnnounced(p: TemplateParams, l: Locale): Message {
  const services = (str(p['services']) ?? '')
    .split(',')
    .filter(Boolean)
    .map((x) => labelOf(SERVICES, x, l))
    .join(', ');
  const from = dateTime(p['from'], l);
  const until = dateTime(p['until'], l);
  const reason = l === 'en' ? (str(p['reasonEn']) ?? str(p['reason'])) : str(p['reason']);
  const url = safeUrl(p['url']);
  return l === 'pl'
    ? {
        subject: `PUESC: planowana przerwa techniczna ${day(p['from'], l) ?? ''}`.trim(),
        greeting: GREETING.pl,
        blocks: [
          { p: 'informujemy, że w czasie planowanej przerwy technicznej część usług PUESC będzie niedostępna.' },
          {
            facts: [
              ['Niedostępne', services || null],
              ['Od', from],
              ['Do', until],
              ['Powód', reason],
            ],
          },
          {
            p: 'W tym czasie wysłanie dokumentu tymi usługami nie będzie możliwe; zaplanowane terminy prosimy załatwić przed przerwą albo po jej zakończeniu. Aktualny stan usług jest na stronie PUESC.',
          },
          ...(url ? [{ link: url, label: 'Przejdź do PUESC' }] : []),
        ],
      }
    : {
        subject: `PUESC: planned maintenance ${day(p['from'], l) ?? ''}`.trim(),
        greeting: GREETING.en,
        blocks: [
          { p: 'during planned maintenance some PUESC services will be unavailable.' },
          {
            facts: [
              ['Unavailable', services || null],
              ['From', from],
              ['Until', until],
              ['Reason', reason],
            ],
          },
          {
            p: 'Documents cannot be sent through these services during that time; please act on your time limits before or after it. The current state of the services is shown in PUESC.',
          },
          ...(url ? [{ link: url, label: 'Open PUESC' }] : []),
        ],
      };
}

/** EUP-20: the company's VAT statement lapses soon; a new one keeps VAT out of the guarantee (EUP-12). */
function vatStatementExpiring(p: TemplateParams, l: Locale): Message {
  const n = typeof p['daysLeft'] === 'number' ? p['daysLeft'] : null;
  const until = day(p['validUntil'], l);
  const renewBy = day(p['renewBy'], l);
  const url = safeUrl(p['url']);
  const eori = str(p['eori']);
  if (l === 'pl')
    return {
      subject: `PUESC: oświadczenie w sprawie VAT traci ważność${n === null ? '' : ` za ${n} dni`}${eori ? ` (${eori})` : ''}`,
      greeting: GREETING.pl,
      blocks: [
        {
          p: 'przypominamy, że oświadczenie podmiotu w sprawie VAT (czynna rejestracja, brak zaległości, egzekucji, likwidacji i upadłości), zarejestrowane w PUESC na potrzeby zabezpieczenia w procedurze końcowego przeznaczenia, wkrótce traci ważność. Oświadczenie jest ważne 6 miesięcy.',
        },
        {
          facts: [
            ['Podmiot (EORI)', eori],
            ['Data oświadczenia', day(p['issuedOn'], l)],
            ['Ważne do', until],
            ['Nowe oświadczenie najpóźniej', renewBy],
            ['Podstawa', str(p['rule'])],
          ],
        },
        {
          p: 'Bez ważnego oświadczenia zabezpieczenie obejmuje także podatek VAT. Aby tego uniknąć, zarejestruj w PUESC nowe oświadczenie przed upływem ważności obecnego.',
        },
        ...(url ? [{ link: url, label: 'Przejdź do danych podmiotu' }] : []),
      ],
    };
  return {
    subject: `PUESC: the VAT statement lapses${n === null ? ' soon' : ` in ${n} days`}${eori ? ` (${eori})` : ''}`,
    greeting: GREETING.en,
    blocks: [
      {
        p: 'this is a reminder that the company’s VAT statement (active VAT registration, no arrears, no enforcement, liquidation or bankruptcy), registered in PUESC for the guarantee under the end-use procedure, lapses soon. A statement is valid for 6 months.',
      },
      {
        facts: [
          ['Company (EORI)', eori],
          ['Statement dated', day(p['issuedOn'], l)],
          ['Valid until', until],
          ['Register a new one by', renewBy],
          ['Legal basis', str(p['rule'])],
        ],
      },
      {
        p: 'Without a valid statement the guarantee covers VAT as well. To avoid that, register a new statement in PUESC before the current one lapses.',
      },
      ...(url ? [{ link: url, label: 'Open the company' }] : []),
    ],
  };
}

function messageOf(i: RenderInput): Message {
  switch (i.template) {
    case 'document-available':
      return documentAvailable(i.params, i.locale, i.role);
    case 'document-deemed-delivered':
      return documentDeemedDelivered(i.params, i.locale);
    case 'deadline-reminder':
      return deadlineReminder(i.params, i.locale, i.role);
    case 'verify-email':
    case 'password-reset':
    case 'officer-invitation':
    case 'legacy-claim-code':
      return codeMessage(i.template, i.params, i.locale, i.oneTimeCode);
    case 'account-exists':
      return accountExists(i.params, i.locale);
    case 'password-changed':
      return passwordChanged(i.params, i.locale);
    case 'representation-decided':
      return representationDecided(i.params, i.locale);
    case 'maintenance-announced':
      return maintenanceAnnounced(i.params, i.locale);
    case 'vat-statement-expiring':
      return vatStatementExpiring(i.params, i.locale);
  }
}

// ---- rendering ----------------------------------------------------------------------------------

function toText(m: Message, l: Locale): string {
  const out: string[] = [m.greeting, ''];
  for (const b of m.blocks) {
    if ('p' in b) out.push(b.p, '');
    else if ('facts' in b) {
      for (const [k, v] of b.facts) if (v) out.push(`${k}: ${v}`);
      out.push('');
    } else if ('link' in b) out.push(`${b.label}: ${b.link}`, '');
    else if ('code' in b) out.push(`    ${b.code}`, '', ...(b.note ? [b.note, ''] : []));
    else out.push(b.small, '');
  }
  out.push('-- ', FOOTER[l]);
  return `${out.join('\n')}\n`;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1b1b';

function toHtml(m: Message, l: Locale): string {
  const e = escapeHtml;
  const body: string[] = [`<p>${e(m.greeting)}</p>`];
  for (const b of m.blocks) {
    if ('p' in b) body.push(`<p>${e(b.p)}</p>`);
    else if ('facts' in b) {
      const rows = b.facts
        .filter(([, v]) => v)
        .map(
          ([k, v]) =>
            `<tr><th align="left" style="padding:2px 12px 2px 0;font-weight:normal;color:#555">${e(k)}</th><td style="padding:2px 0">${e(v!)}</td></tr>`,
        );
      if (rows.length) body.push(`<table role="presentation" cellspacing="0" cellpadding="0">${rows.join('')}</table>`);
    } else if ('link' in b)
      body.push(
        `<p><a href="${e(b.link)}" style="display:inline-block;padding:8px 16px;background:#0b4ea2;color:#ffffff;text-decoration:none;border-radius:4px">${e(b.label)}</a></p>`,
        `<p style="font-size:13px;color:#555">${e(b.link)}</p>`,
      );
    else if ('code' in b)
      body.push(
        `<p style="font-size:26px;font-weight:bold;letter-spacing:4px;font-family:Consolas,monospace">${e(b.code)}</p>`,
        ...(b.note ? [`<p>${e(b.note)}</p>`] : []),
      );
    else body.push(`<p style="font-size:13px;color:#555">${e(b.small)}</p>`);
  }
  body.push(`<hr style="border:0;border-top:1px solid #ddd"><p style="font-size:12px;color:#777">${e(FOOTER[l])}</p>`);
  return [
    '<!DOCTYPE html>',
    `<html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(m.subject)}</title></head>`,
    `<body style="${FONT}">`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

/** Renders one e-mail. Deterministic: the same input gives the same bytes, so a retry sends the same message. */
export function render(i: RenderInput): Rendered {
  const m = messageOf(i);
  const subject = clean(m.subject).slice(0, 200);
  return { subject, text: toText(m, i.locale), html: toHtml({ ...m, subject }, i.locale) };
}

/** A short title and one line for the in-app notifications list (no secrets: code templates never go there). */
export function summary(i: Omit<RenderInput, 'oneTimeCode'>): { title: string; body: string } {
  const m = messageOf(i);
  const firstFacts = m.blocks.find((b): b is { facts: [string, string | null][] } => 'facts' in b);
  const facts = firstFacts ? firstFacts.facts.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`) : [];
  const first = m.blocks.find((b): b is { p: string } => 'p' in b)?.p ?? '';
  const line = facts.length ? facts.join(' · ') : first;
  return { title: clean(m.subject.replace(/^PUESC:\s*/, '')).slice(0, 200), body: clean(line).slice(0, 500) };
}
