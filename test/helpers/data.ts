import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "./cli.js";

/** Real third-party data sets, kept in the repository with their sources (fixtures/real/README.md). */
export const REAL_DATA = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  "../fixtures/real",
);

/** A small valid data set covering every contract file. */
export const SMALL: Readonly<Record<string, string>> = {
  "skus.csv":
    'sku,unit_cost,lead_time_days,unit_price,supplier,category,name,segment,line\nA1,2.5,14,6,Acme,blocks,"Blocks, big",,core\nB2,10,60,25,FarEast,hero,Ride-on,,hero\nC3,1,21,3,Acme,parts,"Spare ""wheel""",clearance,tail\n',
  "daily.csv":
    "date,sku,units_sold,on_hand,stockout,lost_units\n2026-01-01,A1,3,40,0,\n2026-01-02,A1,5,35,0,\n2026-01-01,B2,0,0,1,2\n2026-01-02,B2,1,10,0,\n",
  "purchase_orders.csv":
    "po,sku,ordered_on,qty,expected_on,received_on,received_qty,expedited,supplier\nP1,A1,2025-12-01,50,2025-12-15,2025-12-16,50,0,Acme\nP2,B2,2025-11-01,100,2026-01-01,,,1,FarEast\n",
  "decisions.csv":
    "date,sku,recommended_qty,ordered_qty,planner,reason,policy_version\n2026-01-01,A1,20,30,ana,promo,4\n2026-01-01,B2,100,100,ben,,7\n",
  "forecasts.csv": "date,sku,forecast_units\n2026-01-01,A1,4\n2026-01-02,A1,4.5\n",
  "events.csv":
    "date,kind,sku,cost,note\n2026-01-02,expedite,B2,120,air freight\n2026-01-02,other,,,\n",
};

/** Writes a data folder: SMALL with files replaced (text) or removed (null). */
export function dataset(
  changes: Readonly<Record<string, string | null>> = {},
  base: Readonly<Record<string, string>> = SMALL,
): string {
  const dir = path.join(tempDir(), "data");
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string | null> = { ...base, ...changes };
  for (const [name, text] of Object.entries(files))
    if (text !== null) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A copy of one of the real data sets. */
export function sharedDataset(name: "freshretail-sample" | "scms"): string {
  const dir = path.join(tempDir(), name);
  cpSync(path.join(REAL_DATA, name), dir, { recursive: true });
  return dir;
}
