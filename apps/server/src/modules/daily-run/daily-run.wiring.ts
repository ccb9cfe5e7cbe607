/**
 * The real collaborators of the daily run: the compliance gate and the message dispatcher. The
 * messaging module registers its dispatcher with {@link setMessageDispatcher} at start-up; until one is
 * registered, message actions stay 'pending' (nothing is sent, nothing is written for them).
 */
import type { AttemptContact, MessageDispatcher } from './ports.ts';
import type { ExecDeps } from './executors.ts';
import { attemptContact } from '../contacts/contact-gate.ts';

let dispatcher: MessageDispatcher | null = null;
let gate: AttemptContact | null = attemptContact;

/** Register the dispatcher that sends queued messages (messaging module). */
export function setMessageDispatcher(d: MessageDispatcher | null): void {
  dispatcher = d;
}
/** Replace the compliance gate (default: contacts/contact-gate.ts attemptContact). */
export function setContactGate(g: AttemptContact | null): void {
  gate = g;
}
/** Collaborators for a run started by the server, the scheduler or the CLI. */
export function defaultDeps(): ExecDeps {
  return { attemptContact: gate, dispatcher };
}
