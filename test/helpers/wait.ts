export interface UntilOptions {
  /** What the test waits for, as the failure message should name it («every outbox message sent»). */
  what: string;
  /** Milliseconds before giving up. */
  timeout?: number;
  /** Milliseconds between two looks. */
  interval?: number;
  /** What the world looked like when the wait gave up (a process's output, the counts seen): added to the failure. */
  state?: () => string | Promise<string>;
}

/**
 * Waits until `condition` returns something truthy and returns that; fails after `timeout` with a
 * message naming what it waited for. A condition that throws counts as «not yet» (its last error is
 * in the failure message), so a probe of a server still starting needs no try/catch of its own.
 *
 * Tests wait on the condition they mean, never for a fixed time: a sleep is too short on a busy
 * machine and wasted time on an idle one, and it passes without saying what it waited for.
 */
export async function until<T>(condition: () => T | Promise<T>, options: UntilOptions): Promise<NonNullable<T>> {
  const { what, timeout = 10_000, interval = 25 } = options;
  const deadline = Date.now() + timeout;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      last = await condition();
      lastError = undefined;
      if (last) return last as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seen = lastError !== undefined ? `the last look failed: ${lastError instanceof Error ? lastError.message : String(lastError)}` : `the last look gave ${describe(last)}`;
      const state = options.state ? `\n${await options.state()}` : '';
      throw new Error(`waited ${timeout} ms for ${what}; ${seen}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
