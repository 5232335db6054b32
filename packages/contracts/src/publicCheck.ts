/** REG-06: the public check of an EORI or NIP, as the registry answers it to anyone. */
export interface PublicCheckAnswer {
  query: string;
  kind?: 'eori' | 'nip';
  /** The number belongs to a company registered here (approved, possibly since removed). */
  registered: boolean;
  /** Its EORI is valid now. */
  valid: boolean;
  eori?: string;
  validFrom?: string;
  validTo?: string;
  /** Only when the company consented to publication (REG-06). */
  name?: string;
  /** Why the number could not be checked (malformed). */
  problem?: { rule: string; reason: string };
}
