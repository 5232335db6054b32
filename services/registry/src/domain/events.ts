import type { Author, Company, CompanySnapshot, ChangeKind, EoriKind } from './types';

/** Event facts a transition produces; `src/events.ts` wraps them as CloudEvents (REG-08, LEG-02). */
export type DomainEvent =
  | { kind: 'company.registered'; data: RegisteredData }
  | { kind: 'eori.assigned'; data: EoriAssignedData }
  | { kind: 'company.changed'; data: ChangedData }
  | { kind: 'company.removed'; data: RemovedData }
  | { kind: 'company.rejected'; data: RejectedData };

interface Base {
  companyId: string;
  revision: number;
  at: string;
  company: CompanySnapshot;
}
export interface RegisteredData extends Base {
  origin: Company['origin'];
  submittedBy?: Author;
  declareByLaw: boolean;
}
export interface EoriAssignedData extends Base {
  eori: string;
  eoriKind: EoriKind;
  validFrom: string;
}
export interface ChangedData extends Base {
  change: ChangeKind;
  fields: string[];
  author: Author;
}
export interface RemovedData extends Base {
  validTo: string;
  reason?: string;
  author: Author;
}
export interface RejectedData extends Base {
  reason: string;
  submittedBy?: Author;
}
