/** Lost demand of slow movers: count models, checked against sums done independently in Python. */
import { describe, expect, it } from "vitest";
import { lostDemand, salesBasis } from "../../src/metrics/censored-demand.js";
import type { SalesBasis } from "../../src/metrics/censored-demand.js";

const of = (sales: number[]): SalesBasis => salesBasis(sales) as SalesBasis;
import { countExcess } from "../../src/stats/count-tail.js";
import { expectedExcess } from "../../src/stats/stats.js";

describe("countExcess", () => {
  it("Poisson: E[D − s | D ≥ s]", () => {
    expect(countExcess(2, 2, 3)).toBeCloseTo(0.6743014121, 9); // Poisson(2), s = 3
    expect(countExcess(4.5, 1.67, 2)).toBeCloseTo(2.7395963953, 9); // variance under the mean: Poisson
  });

  it("negative binomial when sales vary more than their mean (geometric: memoryless)", () => {
    // mean 2, variance 6: r = 1, a geometric; E[D − s | D ≥ s] is the mean whatever s
    expect(countExcess(2, 6, 3)).toBeCloseTo(2, 9);
    expect(countExcess(2, 6, 40)).toBeCloseTo(2, 9);
  });

  it("with nothing sold the expected demand; with no demand nothing", () => {
    expect(countExcess(0.3, 0.3, 0)).toBe(0.3);
    expect(countExcess(0, 0, 2)).toBe(0);
  });

  it("stays finite far out in the tail", () => {
    const far = countExcess(0.3, 0.3, 500);
    expect(Number.isFinite(far)).toBe(true);
    expect(far).toBeGreaterThanOrEqual(0);
    expect(far).toBeLessThan(0.01);
  });
});

describe("lost demand on a day out of stock", () => {
  it("a slow mover out all day with nothing sold gets its expected demand, not a tail expectation", () => {
    const basis = [0, 1, 0, 0, 0, 1, 0, 0, 0, 1]; // μ 0.3
    expect(lostDemand(of(basis), 0)).toBeCloseTo(0.3, 12);
    // the Normal tail the tool used before: E[D | D ≥ 0] for Normal(0.3, 0.48) is 0.52, 72% too much
    expect(expectedExcess(0.3, 0.4830459, 0)).toBeCloseTo(0.5168721924, 9);
  });

  it("a slow mover that sold some before running out: a count model", () => {
    const basis = [1, 2, 0, 3, 1, 2]; // μ 1.5, sample variance 1.1: Poisson
    expect(lostDemand(of(basis), 2)).toBeCloseTo(countExcess(1.5, 1.1, 2), 12);
  });

  it("fractional units or a fast mover: the Normal tail", () => {
    const fractional = [0.4, 0.1, 0.7, 0.2];
    const mu = 0.35;
    const sd = Math.sqrt((0.05 ** 2 + 0.25 ** 2 + 0.35 ** 2 + 0.15 ** 2) / 3);
    expect(lostDemand(of(fractional), 0.2)).toBeCloseTo(expectedExcess(mu, sd, 0.2), 12);
    const fast = [30, 35, 28, 40];
    expect(lostDemand(of(fast), 20)).toBeCloseTo(
      expectedExcess(33.25, Math.sqrt((3.25 ** 2 + 1.75 ** 2 + 5.25 ** 2 + 6.75 ** 2) / 3), 20),
      12,
    );
  });
});
