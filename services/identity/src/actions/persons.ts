import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as persons from '../app/persons';
import type { ActionContext, IdentityActions } from './context';
import { objectAudit } from './audit';

const tags = ['Persons'];

/** Persons (ID-01 step 2, ID-02, ID-09). */
export const personActions = ({ d, ask }: ActionContext): IdentityActions => ({
  registerPerson: {
    rest: 'POST /api/v1/persons',
    openapi: {
      response: A.personAnswer,
      summary: 'Register the person of this account (ID-01 step 2, ID-02)',
      description:
        'An adult natural person, identified by PESEL (REG-05) or a foreign identity document. Assigns the ID SISC. One active account per person.',
      tags,
      status: 201,
      examples: {
        pesel: { givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401359', phone: '+48 600 100 200' },
        document: {
          givenNames: 'Anna',
          surname: 'Müller',
          document: { country: 'DE', type: 'passport', number: 'C01X00T47', birthDate: '1980-01-31' },
        },
      },
    },
    params: P.registerPerson,
    handler: (ctx: Ctx<P.RegisterPersonParams>) => persons.registerPerson(d, ask(ctx), ctx.params),
  },

  viewPerson: {
    rest: 'GET /api/v1/persons/:personId',
    openapi: {
      response: A.personAnswer,
      summary: 'A registered person (the person themself or a registration officer)',
      tags,
    },
    params: P.personIdOnly,
    auditOf: objectAudit('person', (p: P.PersonIdOnly) => p.personId, 'read'),
    handler: (ctx: Ctx<P.PersonIdOnly>) => persons.viewPerson(d, ask(ctx), ctx.params),
  },

  personHistory: {
    rest: 'GET /api/v1/persons/:personId/versions',
    openapi: {
      response: A.personHistoryAnswer,
      summary: 'Every version of a person, with date and author (ID-09)',
      tags,
    },
    params: P.personIdOnly,
    auditOf: objectAudit('person', (p: P.PersonIdOnly) => p.personId, 'read-versions'),
    handler: (ctx: Ctx<P.PersonIdOnly>) => persons.personHistory(d, ask(ctx), ctx.params),
  },

  updatePerson: {
    rest: 'PATCH /api/v1/persons/:personId',
    openapi: {
      response: A.personAnswer,
      summary: 'Update person data (ID-09)',
      description:
        'The person updates their contact data; a registration officer may also correct names and a foreign document. Every change is kept as a version.',
      tags,
      examples: {
        request: {
          phone: '+48 600 100 200',
          address: { street: 'ul. Celna 1', city: 'Poznań', postalCode: '61-001', country: 'PL' },
        },
      },
    },
    params: P.updatePerson,
    auditOf: objectAudit('person', (p: P.UpdatePersonParams) => p.personId, 'update'),
    handler: (ctx: Ctx<P.UpdatePersonParams>) => persons.updatePerson(d, ask(ctx), ctx.params),
  },

  getPerson: {
    // internal (no rest): for other services
    params: P.personIdOnly,
    handler: (ctx: Ctx<P.PersonIdOnly>) => persons.getPerson(d, ctx.params),
  },
});
