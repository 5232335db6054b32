/** The deps of one request: seap's own, and its peers called in the caller's context. */
import type { Ctx } from '@puesc/service';
import type { SeapDeps } from '../app/deps';
import { peersOf, type Peers } from '../peers';

export const inRequest = (app: SeapDeps, ctx: Ctx<unknown>): SeapDeps & { peers: Peers } => ({
  ...app,
  peers: peersOf(ctx),
});
