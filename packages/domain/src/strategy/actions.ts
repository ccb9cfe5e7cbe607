/**
 * Strategy actions (issue 6): their validation, the channel a message action uses, and the
 * idempotency key of an action for a case on a run day. Pure; the executors live in the server
 * (apps/server/src/modules/daily-run/executors.ts).
 */
import { FLAGS } from '../compliance/types.ts';
import type { Action, Strategy } from './strategy.ts';

/** Every action type, in the order the editor offers them. */
export const ACTION_TYPES = ['send_sms', 'send_email', 'generate_letter', 'set_priority', 'move_to_team', 'request_visit', 'refer_legal', 'set_flag', 'schedule_followup'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Message actions go through the compliance gate and a dispatcher; the others change the case directly. */
export const MESSAGE_CHANNEL: Partial<Record<ActionType, 'sms' | 'email' | 'letter'>> = { send_sms: 'sms', send_email: 'email', generate_letter: 'letter' };

/** Queue priority range (cases.priority; higher is worked first). */
export const PRIORITY_RANGE = { min: 0, max: 100 } as const;
/** A follow-up is scheduled 0–365 days after the run day. */
export const FOLLOWUP_DAYS = { min: 0, max: 365 } as const;

function actionProblem(a: Action, teamIds: ReadonlySet<number> | null): string | null {
  switch (a.type) {
    case 'send_sms': case 'send_email': case 'generate_letter':
      return typeof a.template === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(a.template) ? null : `${a.type} needs a template code (letters, digits, _ . -), got ${JSON.stringify(a.template)}`;
    case 'set_priority':
      return Number.isInteger(a.priority) && a.priority >= PRIORITY_RANGE.min && a.priority <= PRIORITY_RANGE.max ? null : `set_priority needs a whole number ${PRIORITY_RANGE.min}–${PRIORITY_RANGE.max}, got ${JSON.stringify(a.priority)}`;
    case 'move_to_team':
      if (!Number.isInteger(a.teamId) || a.teamId <= 0) return `move_to_team needs a team, got ${JSON.stringify(a.teamId)}`;
      return teamIds && !teamIds.has(a.teamId) ? `move_to_team: team ${a.teamId} does not exist` : null;
    case 'request_visit': case 'refer_legal':
      return null;
    case 'set_flag':
      return (FLAGS as readonly string[]).includes(a.flag) ? null : `set_flag needs one of ${FLAGS.join(', ')}, got ${JSON.stringify(a.flag)}`;
    case 'schedule_followup':
      return Number.isInteger(a.inDays) && a.inDays >= FOLLOWUP_DAYS.min && a.inDays <= FOLLOWUP_DAYS.max ? null : `schedule_followup needs whole days ${FOLLOWUP_DAYS.min}–${FOLLOWUP_DAYS.max}, got ${JSON.stringify(a.inDays)}`;
    default:
      return `unknown action ${JSON.stringify((a as { type?: unknown }).type)}`;
  }
}

/**
 * Every problem of the strategy's actions, naming the segment, the arm and the action
 * ("segment 2 (late), challenger action 1: set_flag needs one of …"). `teamIds` (when given) are the
 * teams that exist; a move to any other team is refused. A segment with no action is allowed (it
 * holds cases back from later segments).
 */
export function validateActions(s: Strategy, teamIds: ReadonlySet<number> | null = null): string[] {
  const errors: string[] = [];
  s.segments.forEach((seg, i) => {
    const at = `segment ${i + 1} (${seg.id})`;
    const check = (list: Action[], arm: string) => list.forEach((a, j) => {
      const p = actionProblem(a, teamIds);
      if (p) errors.push(`${at}, ${arm}action ${j + 1}: ${p}`);
    });
    check(seg.actions ?? [], '');
    if (seg.challenger) check(seg.challenger.actions ?? [], 'challenger ');
  });
  return errors;
}

/** What makes one action distinct for the day: its type and its parameter (template, team, flag …). */
export function actionParam(a: Action): string {
  switch (a.type) {
    case 'send_sms': case 'send_email': case 'generate_letter': return a.template;
    case 'set_priority': return String(a.priority);
    case 'move_to_team': return String(a.teamId);
    case 'set_flag': return a.flag;
    case 'schedule_followup': return String(a.inDays);
    default: return '';
  }
}

/**
 * Idempotency key of an action for a case on a run day: `strategy:<day>:<case>:<type>:<param>`, unique per
 * (day, case, action), so a rerun of the day — even after the strategy was edited — never repeats an action.
 */
export function actionKey(day: string, caseId: number | string, a: Action): string {
  return `strategy:${day}:${caseId}:${a.type}:${actionParam(a)}`;
}
