import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { RenderGate } from '../../src/http/render-gate.js';

describe('RenderGate', () => {
  it('runs at most its capacity at once and finishes every task', async () => {
    const gate = new RenderGate(2);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        gate.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await sleep(5);
          active -= 1;
          return index;
        }),
      ),
    );

    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('frees the slot of a failed task', async () => {
    const gate = new RenderGate(1);
    const failed = gate.run(async () => {
      throw new Error('render failed');
    });
    await expect(failed).rejects.toThrow('render failed');

    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });
});
