/** Replay of an (R, S) policy on small series, every day worked out by hand (see the comments). */
import { describe, expect, it } from "vitest";
import { replayOrderUpTo } from "../../src/index.js";

describe("replayOrderUpTo", () => {
  // d = 2 a day, R = 2, L = 3, S = 12. Start: 6 in transit (4 arriving on day 3, 2 on day 1),
  // 6 on hand. End-of-day stock: 6 4 6 6 4 6 4 6 4 6 → mean 5.2; orders on days 1, 3, 5, 7, 9.
  it("steady demand: no stockout, stock swings between 4 and 6", () => {
    const r = replayOrderUpTo({
      demand: Array(10).fill(2),
      leadTimes: [3],
      orderUpTo: 12,
      reviewPeriodDays: 2,
      unitCost: 2.5,
    });
    expect(r).toEqual({
      days: 10,
      demand: 20,
      sold: 20,
      fillRate: 1,
      stockoutDays: 0,
      orders: 5,
      meanOnHand: 5.2,
      meanCapital: 13,
    });
  });

  // The same with 10 wanted on day 4: 8 on hand, 2 lost; day 5 starts empty (2 lost). The order
  // of day 5 is 12 − 0 − 4 = 8. End-of-day stock: 6 4 6 0 0 2 0 6 4 6 → mean 3.4.
  it("a spike: lost demand, two stockout days, a larger order after", () => {
    const demand = Array(10).fill(2);
    demand[3] = 10;
    const r = replayOrderUpTo({
      demand,
      leadTimes: [3],
      orderUpTo: 12,
      reviewPeriodDays: 2,
      unitCost: 1,
      demandMean: 2, // the start is sized with the plan's 2 a day, not the series' 2.8
    });
    expect(r.demand).toBe(28);
    expect(r.sold).toBe(24);
    expect(r.fillRate).toBeCloseTo(24 / 28, 12);
    expect(r.stockoutDays).toBe(2);
    expect(r.orders).toBe(5);
    expect(r.meanOnHand).toBeCloseTo(3.4, 12);
  });

  // Lead times taken in turn: with [1, 5] the first order (day 1) lands on day 2, the second
  // (day 3) on day 8. R = 2, S = 6, d = 1: start 1 in transit (day 1), 5 on hand.
  // Day 1: +1 → 6, sell 1 → 5, order 6−5−0 = 1 (lead 1, due day 2). Day 2: +1 → 6, sell → 5.
  // Day 3: sell → 4, order 6−4−0 = 2 (lead 5, due day 8). Day 4: → 3. Day 5: → 2, order
  // 6−2−2 = 2 (lead 1, due day 6). Day 6: +2 → 4, sell → 3. Day 7: → 2, order 6−2−2 = 2 (lead 5,
  // due day 12, after the end). Day 8: +2 → 4, sell → 3. End of days: 5 5 4 3 2 3 2 3 → 27/8.
  it("takes the given lead times in turn", () => {
    const r = replayOrderUpTo({
      demand: Array(8).fill(1),
      leadTimes: [1, 5],
      orderUpTo: 6,
      reviewPeriodDays: 2,
      unitCost: 1,
    });
    expect(r).toMatchObject({ sold: 8, stockoutDays: 0, orders: 4 });
    expect(r.meanOnHand).toBeCloseTo(27 / 8, 12);
  });

  it("no demand: nothing sold, no fill rate, no order", () => {
    expect(
      replayOrderUpTo({
        demand: [0, 0, 0],
        leadTimes: [2],
        orderUpTo: 0,
        reviewPeriodDays: 1,
        unitCost: 1,
      }),
    ).toMatchObject({ fillRate: null, orders: 0, meanOnHand: 0 });
  });
});
