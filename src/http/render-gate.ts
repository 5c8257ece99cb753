/**
 * Limits how many large responses are built and sent at once. A role's member list can contain
 * tens of thousands of entries, and each response in progress keeps its current rows in memory.
 * Without a limit, many concurrent requests would keep all of them at once. Requests beyond the
 * limit wait their turn. The work is CPU-bound, so waiting costs little throughput.
 */
export class RenderGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.capacity) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.active -= 1;
      else next();
    }
  }
}
