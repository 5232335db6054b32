import { requireRole, type Ctx } from '@puesc/service';
import { officerActor, type OfficerActor } from '../app/access';

/** A case officer calling, as the domain's actor for their office (ID-10). */
export const officerOf = (ctx: Ctx<unknown>): OfficerActor => officerActor(requireRole(ctx, 'case-officer'));
