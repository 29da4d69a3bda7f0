// The screen hears of a key's work once it is done, not of each step (a scan
// drew the code, the cleared input and the line: three frames, the last one
// held back by Ink's frame spacing); a long wait still shows.
import { jest } from '@jest/globals';
import { FrameGate } from '../../src/till/frame-gate.js';

describe('FrameGate', () => {
  afterEach(() => jest.useRealTimers());

  it('tells a change made between keys at once', () => {
    const told: number[] = [];
    const gate = new FrameGate(() => told.push(1), 50);
    gate.changed();
    gate.changed();
    expect(told).toHaveLength(2);
  });

  it('tells the changes of a piece of work once, when it ends', async () => {
    let told = 0;
    const gate = new FrameGate(() => told++, 50);
    await gate.around(async () => {
      gate.changed(); // the code on the input line
      await Promise.resolve(); // the lookup
      gate.changed(); // the answer
      gate.changed(); // the priced ticket
      expect(told).toBe(0);
    });
    expect(told).toBe(1);
  });

  it('tells nothing for work that changed nothing', async () => {
    let told = 0;
    const gate = new FrameGate(() => told++, 50);
    await gate.around(async () => undefined);
    expect(told).toBe(0);
  });

  it('shows where a long piece of work stands once its patience runs out, then again at its end', async () => {
    jest.useFakeTimers();
    let told = 0;
    const gate = new FrameGate(() => told++, 50);
    let finish!: () => void;
    const work = gate.around(() => new Promise<void>((resolve) => {
      gate.changed(); // « … » while the server answers
      finish = resolve;
    }));
    jest.advanceTimersByTime(49);
    expect(told).toBe(0);
    jest.advanceTimersByTime(1);
    expect(told).toBe(1);
    gate.changed(); // the answer
    finish();
    await work;
    expect(told).toBe(2);
  });

  it('tells the changes of work that failed', async () => {
    let told = 0;
    const gate = new FrameGate(() => told++, 50);
    await expect(gate.around(async () => {
      gate.changed();
      throw new Error('database gone');
    })).rejects.toThrow('database gone');
    expect(told).toBe(1);
  });
});
