import { isAppError, type Clock, type Logger } from '@puesc/kernel';
import type { NotificationsConfig } from '../config';
import type { DecodeContext } from '../domain';
import type { Mailer } from '../mailer';
import type { IdentityPeer, RegistryPeer } from '../peers';
import type { NotificationsStore } from '../store';

/** What every notifications workflow is given (built once per service deps: ./notifications.ts). */
export interface NotificationsDeps {
  store: NotificationsStore;
  clock: Clock;
  logger: Logger;
  config: NotificationsConfig;
  identity: IdentityPeer;
  /** EUP-20: a company's contact address. */
  registry: RegistryPeer;
  mailer: Mailer;
  /** The host part of every Message-ID (from PUBLIC_URL). */
  messageDomain: string;
  /** The links e-mails point to. */
  links: DecodeContext;
  /** Starts work now rather than at the next sweep: sending what is due, or a whole sweep. */
  wake: { sender(): void; sweep(): void };
  /** True once the service is stopping: loops end after the item at hand. */
  stopping(): boolean;
}

/** A store refusal of the given types (a unique key taken, a concurrent change…). */
export const isStoreRefusal = (e: unknown, ...types: string[]): boolean => isAppError(e) && types.includes(e.type);
