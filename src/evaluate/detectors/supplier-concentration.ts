/**
 * A supplier whose SKUs hold more of the portfolio's capital than the RiskTolerance's
 * `suppliers.capitalShare.max`: one finding at the supplier, naming the segments it serves and
 * what it has on order. An accounting of the capital at the as-of date, as every capital share
 * is: no test.
 */
import { finding, lineOf } from "../../findings/finding.js";
import { formatValue } from "../../findings/metric-phrases.js";
import type { Detector } from "../detector.js";
import { NO_SUPPLIER, supplierExposure } from "../supplier-exposure.js";

export const supplierConcentrationDetector: Detector = {
  name: "one supplier holding more of the portfolio than the tolerance allows",
  kinds: ["supplier-concentration"],
  detect({ portfolio, policies, window, currency }) {
    const tolerance = policies.tolerance;
    const max = tolerance.value.suppliers?.capitalShare?.max;
    if (max === undefined) return [];
    const money = (x: number) => formatValue("capital", x, currency);
    const share = (x: number) => formatValue("capitalShare", x);
    return supplierExposure(portfolio)
      .filter((r) => r.supplier !== NO_SUPPLIER && r.capitalShare > max)
      .map((r) =>
        finding({
          kind: "supplier-concentration",
          severity: "warning",
          scope: "supplier",
          subject: r.supplier,
          policy: null,
          metric: "capitalShare",
          expected: { max },
          actual: r.capitalShare,
          evidence: {
            n: r.skus,
            interval: null,
            window,
            supplier: {
              capital: r.capital,
              onOrder: r.onOrder,
              capitalShare: r.capitalShare,
              revenue: r.revenue,
              segments: r.segments.map((s) => s.name),
            },
          },
          message:
            `${r.supplier} supplies ${r.skus} SKUs holding ${money(r.capital)}, ${share(r.capitalShare)} of the ` +
            `portfolio's capital against a tolerated ${share(max)} at most, with ${money(r.onOrder)} more on ` +
            `order; it serves ${r.segments.map((s) => `${s.name} (${s.skus})`).join(", ")}.`,
          owner: tolerance.value.metadata.owner,
          line: lineOf(tolerance, "/suppliers/capitalShare/max"),
        }),
      );
  },
};
