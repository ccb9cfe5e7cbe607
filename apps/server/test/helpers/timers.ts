/**
 * Tracks the timers (setTimeout/setInterval) created from now on that are still alive, with the stack that
 * created each: a test asserts that stopping a component leaves none of its own behind (vitest exits).
 */
import { createHook } from 'node:async_hooks';

/**
 * Start tracking; `alive(re)` lists the creation stacks of live timers whose stack matches `re`, less the
 * idle-client timers of node-postgres pools (the test context's pool keeps them; a component's own pool
 * is checked by its state).
 */
export function trackTimers() {
  const live = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (type !== 'Timeout') return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      live.set(id, new Error().stack!);
      Error.stackTraceLimit = limit;
    },
    destroy: (id) => void live.delete(id),
  }).enable();
  return {
    alive: async (re: RegExp) => {
      await new Promise((r) => setImmediate(r)); // let cleared timers be destroyed
      return [...live.values()].filter((s) => re.test(s) && !s.includes('pg-pool'));
    },
    disable: () => void hook.disable(),
  };
}
