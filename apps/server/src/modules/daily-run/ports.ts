/**
 * What the daily run needs from other modules, as interfaces: the compliance gate (contacts module,
 * `contact-gate.ts`) and the message dispatcher (messaging module). The real ones are wired in
 * `daily-run.wiring.ts`; tests pass a recording dispatcher.
 */
import type { Kysely } from 'kysely';
import type { Decision } from '@recova/domain/compliance/types';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/context.ts';
import type { PiiCipher } from '../../platform/crypto.ts';

/** Subset of the gate's AttemptInput the strategy uses. */
export interface StrategyAttempt {
  caseId: number;
  channel: 'sms' | 'email' | 'letter';
  at?: Date;
  purpose?: 'collection' | 'payment_request';
  disclosesDebt?: boolean;
  actionCode?: string;
  source: 'strategy';
  sourceRef: string;
  status: 'queued';
}
export interface AttemptOutcome { recordId: number; status: 'made' | 'queued' | 'blocked'; decision: Decision; overridden: boolean; duplicate: boolean }

/** `attemptContact` of contacts/contact-gate.ts: check + write the contact_records row; idempotent by (source, sourceRef). */
export type AttemptContact = (db: Kysely<DB>, pii: PiiCipher, actor: Actor | null, input: StrategyAttempt, now: Date) => Promise<AttemptOutcome>;

/**
 * Sends one queued message (the messaging module implements it): `recordId` is the 'queued'
 * contact_records row the gate wrote; the implementation completes it (made/failed). Must be
 * idempotent by recordId: the run calls it again only while that row is still 'queued' (a crash
 * between sending and marking the action done).
 */
export interface MessageDispatcher {
  send(recordId: number, channel: 'sms' | 'email' | 'letter', templateCode: string, caseId: number): Promise<void>;
}
