/**
 * The inventory model against public textbook values (Φ⁻¹ and G tables) and against cases
 * worked out by hand (Python's math.erfc for Φ, bisection for k).
 */
import { describe, expect, it } from "vitest";
import {
  classifyDemand,
  orderUpToPlan,
  safetyFactorForFillRate,
  safetyStock,
  standardNormalLoss,
  zForServiceLevel,
} from "../../src/index.js";

describe("zForServiceLevel (Φ⁻¹)", () => {
  it.each([
    [0.9, 1.281552],
    [0.95, 1.644854],
    [0.98, 2.053749],
    [0.99, 2.326348],
  ])("Φ⁻¹(%s) = %s (textbook, 6 decimals)", (p, z) => {
    expect(zForServiceLevel(p)).toBeCloseTo(z, 6);
  });

  it.each([
    [0.9, 1.2815515655446008],
    [0.95, 1.6448536269514715],
    [0.98, 2.053748910631822],
    [0.99, 2.3263478740408408],
    [0.5, 0],
    [0.001, -3.090232306167813],
  ])("Φ⁻¹(%s) to 1e-9 (Wichura AS241)", (p, z) => {
    expect(Math.abs(zForServiceLevel(p) - z)).toBeLessThan(1e-9);
  });

  it("refuses levels outside (0, 1)", () => {
    expect(() => zForServiceLevel(1)).toThrow(RangeError);
    expect(() => zForServiceLevel(0)).toThrow(RangeError);
  });
});

describe("standardNormalLoss G(z)", () => {
  it.each([
    [0, 0.398942],
    [1.281552, 0.047343],
    [1.644854, 0.020893],
    [2.326348, 0.003389],
  ])("G(%s) = %s (textbook)", (z, g) => {
    expect(standardNormalLoss(z)).toBeCloseTo(g, 6);
  });

  it("G(z) − G(−z) = −z, and keeps its precision deep in the tail", () => {
    for (const z of [0.3, 1.7, 3.2])
      expect(standardNormalLoss(-z) - standardNormalLoss(z)).toBeCloseTo(z, 12);
    // G(8) = φ(8) − 8·Φ(−8) ≈ 5.0e-17 — 1 − Φ(8) would have cancelled to 0
    expect(standardNormalLoss(8)).toBeGreaterThan(0);
    expect(standardNormalLoss(8)).toBeLessThan(1e-15);
  });
});

describe("safetyFactorForFillRate", () => {
  it("solves G(k) = (Q/σ)(1 − β): Q 100, σ 50, β 0.98 → k 1.360235", () => {
    const k = safetyFactorForFillRate({ fillRate: 0.98, orderQuantity: 100, sigma: 50 });
    expect(k).toBeCloseTo(1.3602352471841477, 9);
    expect(standardNormalLoss(k)).toBeCloseTo(0.04, 12);
  });

  it("goes negative when a cycle's demand dwarfs its deviation: Q 500, σ 10, β 0.9 → k ≈ −5", () => {
    expect(safetyFactorForFillRate({ fillRate: 0.9, orderQuantity: 500, sigma: 10 })).toBeCloseTo(
      -4.999999946538329,
      8,
    );
  });

  it("needs k = ∞ for a fill rate of 1, and refuses nonsense", () => {
    expect(safetyFactorForFillRate({ fillRate: 1, orderQuantity: 10, sigma: 1 })).toBe(Infinity);
    expect(() => safetyFactorForFillRate({ fillRate: 0.9, orderQuantity: 0, sigma: 1 })).toThrow(
      RangeError,
    );
    expect(() => safetyFactorForFillRate({ fillRate: 0.9, orderQuantity: 1, sigma: 0 })).toThrow(
      RangeError,
    );
  });
});

describe("safetyStock", () => {
  it("z·√(L·σd² + d²·σL²): 1.645·√(9·16 + 100·4) = 38.3677", () => {
    expect(
      safetyStock({ demandMean: 10, demandStd: 4, leadTimeMean: 9, leadTimeStd: 2, z: 1.645 }),
    ).toBeCloseTo(38.36766346808208, 10);
  });

  it("with certain lead times only demand varies: 2·√(4·9) = 12", () => {
    expect(
      safetyStock({ demandMean: 50, demandStd: 3, leadTimeMean: 4, leadTimeStd: 0, z: 2 }),
    ).toBe(12);
  });
});

describe("classifyDemand", () => {
  it.each([
    // tsintermittent::idclass: intervals 2, 3 (the trailing zero does not count), sizes 4 and 6:
    // sample variance 2, CV² 2/25
    [[0, 4, 0, 0, 6, 0], { adi: 2.5, cv2: 0.08, pattern: "intermittent", n: 2 }],
    [[5, 5, 5, 5], { adi: 1, cv2: 0, pattern: "smooth", n: 4 }],
    // sizes 1, 9, 1, 9: mean 5, sample variance 64/3, CV² 0.853
    [[1, 9, 1, 9], { adi: 1, cv2: 64 / 75, pattern: "erratic", n: 4 }],
    // sizes 1 and 9: sample variance 32, CV² 1.28; intervals 3 and 3
    [[0, 0, 1, 0, 0, 9], { adi: 3, cv2: 1.28, pattern: "lumpy", n: 2 }],
    // sizes 4, 5, 6: sample variance 1, CV² 0.04 (population: 0.027); ADI 3 / 3 = 1 however many zeros follow
    [[4, 5, 6, 0, 0, 0, 0], { adi: 1, cv2: 0.04, pattern: "smooth", n: 3 }],
    [[0, 0, 3, 0], { adi: null, cv2: null, pattern: null, n: 1 }],
  ])("%j → %j", (series, expected) => {
    const c = classifyDemand(series);
    expect(c.pattern).toBe(expected.pattern);
    expect(c.n).toBe(expected.n);
    if (expected.adi === null) expect(c.adi).toBeNull();
    else expect(c.adi).toBeCloseTo(expected.adi, 12);
    if (expected.cv2 === null) expect(c.cv2).toBeNull();
    else expect(c.cv2).toBeCloseTo(expected.cv2, 12);
  });

  it("puts a series exactly on the cut-offs in the higher class", () => {
    // last demand in period 4, 3 demands: ADI 1.333 ≥ 1.32
    expect(classifyDemand([2, 2, 0, 2]).pattern).toBe("intermittent");
  });
});

describe("orderUpToPlan (R, S)", () => {
  // d 10, σd 4, L 9, σL 2, R 7, β 0.98, unit cost 2:
  // σP = √(16·16 + 100·4) = √656 = 25.6125; Q = 70; G(k) = 70/25.6125 · 0.02 → k = 1.212663
  const plan = orderUpToPlan(
    { demandMean: 10, demandStd: 4, leadTimeMean: 9, leadTimeStd: 2, unitCost: 2 },
    { fillRate: 0.98, reviewPeriodDays: 7 },
  );

  it("protection interval, safety factor, safety stock and S", () => {
    expect(plan.protectionDays).toBe(16);
    expect(plan.protectionMean).toBe(160);
    expect(plan.protectionStd).toBeCloseTo(25.612496949731394, 12);
    expect(plan.cycleDemand).toBe(70);
    expect(plan.safetyFactor).toBeCloseTo(1.212662974018809, 9);
    expect(plan.safetyStock).toBeCloseTo(31.05932672310895, 8);
    expect(plan.orderUpTo).toBeCloseTo(191.059326723109, 8);
  });

  it("mean on hand, capital, and the fill rate it implies", () => {
    // SS + σP·G(k) + Q/2 = 31.0593 + 1.4 + 35
    expect(plan.meanOnHand).toBeCloseTo(67.45932672310894, 8);
    expect(plan.capital).toBeCloseTo(2 * 67.45932672310894, 8);
    expect(plan.expectedFillRate).toBeCloseTo(0.98, 12);
  });

  it("a higher fill-rate target costs more capital", () => {
    const higher = orderUpToPlan(
      { demandMean: 10, demandStd: 4, leadTimeMean: 9, leadTimeStd: 2, unitCost: 2 },
      { fillRate: 0.995, reviewPeriodDays: 7 },
    );
    expect(higher.capital).toBeGreaterThan(plan.capital);
  });

  it("no demand: no stock and no fill rate; certain demand: half a cycle on hand", () => {
    expect(
      orderUpToPlan(
        { demandMean: 0, demandStd: 0, leadTimeMean: 5, leadTimeStd: 0, unitCost: 1 },
        { fillRate: 0.9, reviewPeriodDays: 7 },
      ),
    ).toMatchObject({ capital: 0, expectedFillRate: null });
    expect(
      orderUpToPlan(
        { demandMean: 2, demandStd: 0, leadTimeMean: 5, leadTimeStd: 0, unitCost: 3 },
        { fillRate: 0.9, reviewPeriodDays: 7 },
      ),
    ).toMatchObject({ orderUpTo: 24, meanOnHand: 7, capital: 21, expectedFillRate: 1 });
  });
});
