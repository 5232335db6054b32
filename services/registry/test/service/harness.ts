import type { ServiceSchema } from 'moleculer';
import type { CloudEvent } from '@puesc/events';
import type { TestHost } from '@puesc/testkit';

/** Grants held in the identity test double: `${accountId}|${companyId}|${permission}`. */
export class Grants {
  private readonly set = new Set<string>();
  readonly asked: { accountId: string; companyId: string; permission: string }[] = [];
  grant(accountId: string, companyId: string, ...permissions: string[]): void {
    for (const p of permissions) this.set.add(`${accountId}|${companyId}|${p}`);
  }
  revoke(accountId: string, companyId: string, permission: string): void {
    this.set.delete(`${accountId}|${companyId}|${permission}`);
  }
  /** A tiny `identity` service answering `identity.authorize` from these grants. */
  double(): ServiceSchema {
    return {
      name: 'identity',
      actions: {
        authorize: {
          handler: (ctx: { params: { accountId: string; companyId: string; permission: string } }) => {
            const { accountId, companyId, permission } = ctx.params;
            this.asked.push({ accountId, companyId, permission });
            const allowed = this.set.has(`${accountId}|${companyId}|${permission}`);
            return allowed ? { allowed } : { allowed, reason: 'no active representation with that permission' };
          },
        },
      },
    };
  }
}

/** Collects every event of the REGISTRY stream through a durable consumer of the host's bus. */
export async function collectEvents(host: TestHost, durable = 'registry-test'): Promise<CloudEvent[]> {
  const events: CloudEvent[] = [];
  await host.bus.consume({ durable, subjects: ['registry.>'], handler: async (e) => void events.push(e) });
  return events;
}

/** Waits until `check` holds (for consumers running in the background). */
export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The AppError a promise rejects with. */
export async function refusal(
  p: Promise<unknown>,
): Promise<{ code: number; type: string; message: string; data: any }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('expected a refusal');
}
