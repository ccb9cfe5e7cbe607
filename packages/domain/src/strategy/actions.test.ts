import { describe, expect, it } from 'vitest';
import { actionKey, validateActions } from './actions.ts';
import type { Strategy } from './strategy.ts';

const strategy = (actions: unknown[], challenger?: unknown[]): Strategy => ({
  id: 's', version: 1,
  segments: [{ id: 'late', name: 'Late', when: [], actions: actions as never, ...(challenger && { challenger: { percent: 10, actions: challenger as never } }) }],
});

describe('strategy actions', () => {
  it('accepts every well-formed action', () => {
    expect(validateActions(strategy([
      { type: 'send_sms', template: 'REMIND_1' }, { type: 'send_email', template: 'e.mail-2' }, { type: 'generate_letter', template: 'L1' },
      { type: 'set_priority', priority: 100 }, { type: 'move_to_team', teamId: 3 }, { type: 'request_visit' }, { type: 'refer_legal' },
      { type: 'set_flag', flag: 'legal_hold' }, { type: 'schedule_followup', inDays: 0 },
    ]), new Set([3]))).toEqual([]);
  });

  it('names the segment, the arm and the action of each problem', () => {
    expect(validateActions(strategy([{ type: 'set_priority', priority: 101 }, { type: 'move_to_team', teamId: 9 }], [{ type: 'set_flag', flag: 'vip' }, { type: 'send_sms', template: '' }]), new Set([3]))).toEqual([
      'segment 1 (late), action 1: set_priority needs a whole number 0–100, got 101',
      'segment 1 (late), action 2: move_to_team: team 9 does not exist',
      expect.stringMatching(/^segment 1 \(late\), challenger action 1: set_flag needs one of cease, .*got "vip"$/),
      'segment 1 (late), challenger action 2: send_sms needs a template code (letters, digits, _ . -), got ""',
    ]);
    expect(validateActions(strategy([{ type: 'schedule_followup', inDays: 1.5 }, { type: 'explode' }]))).toEqual([
      'segment 1 (late), action 1: schedule_followup needs whole days 0–365, got 1.5',
      'segment 1 (late), action 2: unknown action "explode"',
    ]);
  });

  it('keys an action by day, case, type and parameter', () => {
    expect(actionKey('2024-06-01', 42, { type: 'send_sms', template: 'R1' })).toBe('strategy:2024-06-01:42:send_sms:R1');
    expect(actionKey('2024-06-01', 42, { type: 'refer_legal' })).toBe('strategy:2024-06-01:42:refer_legal:');
  });
});
