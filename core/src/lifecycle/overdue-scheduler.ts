/**
 * Runs `sweepOverdue` now and then every `intervalMs`, one sweep at a time, until stopped.
 * Overdue rows are found from the database's state, so the first sweep also catches up with
 * what passed while the server was down.
 */
export function startOverdueScheduler(
  target: { sweepOverdue(): Promise<unknown> },
  intervalMs: number,
  logger: Pick<Console, 'warn'> = console,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running
      .then(() => target.sweepOverdue())
      .catch((error: unknown) => logger.warn(`overdue sweep failed: ${(error as Error).message}`));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
