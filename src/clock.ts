/** Source of the current time, injected so tests can control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO 8601 UTC with milliseconds: the format every stored timestamp uses. */
export function timestamp(clock: Clock): string {
  return clock.now().toISOString();
}
