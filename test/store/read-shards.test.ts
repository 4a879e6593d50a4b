/**
 * Reading split across threads (run/read-shards.ts): each shard a range of SKUs on its own
 * connection, all in one snapshot. The findings documents are the same bytes however many
 * threads read (the real CLI on SQLite and PostgreSQL); a second connection joins a read's
 * snapshot (PostgreSQL) or is told that the store moved (SQLite); --threads is checked.
 */
import * as path from "node:path";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { openStore, SnapshotMovedError } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/open-store.js";
import type { Database } from "../../src/store/database.js";
import { scanObservations } from "../../src/store/scan-observations.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { dataset } from "../helpers/data.js";
import { demoCopy } from "../helpers/demo-cache.js";
import { DIALECTS, freshStore } from "../helpers/stores.js";

const WINDOW = { from: "2026-01-01", to: "2026-01-31" };

/** Each SKU's id read from the store, for one range. */
async function idsIn(store: Store, range: { from?: string; before?: string }): Promise<string[]> {
  return store.read(async (db, scan) => {
    const ids: string[] = [];
    for await (const [o] of scanObservations(db, scan, [WINDOW], range)) ids.push(o?.sku ?? "");
    return ids;
  });
}

/** How many SKUs a read sees. */
const countSkus = async (q: Kysely<Database>): Promise<number> =>
  Number((await sql<{ n: number }>`select count(*) as n from skus`.execute(q)).rows[0]?.n);

/** Commits one more SKU through `writer`. */
const addSku = (writer: Store, sku: string) =>
  writer.write(async (tx) => {
    await tx.db
      .insertInto("skus")
      .values({ sku, unit_cost: 1, lead_time_days: 5, attributes: "{}" })
      .execute();
  });

describe.each(DIALECTS)("reading in shards on %s", (dialect) => {
  it("finds the same bytes with one thread and with three", async () => {
    const data = path.join(demoCopy(path.join(tempDir(), "demo"), "small"), "data");
    const documents = [];
    for (const threads of ["1", "3", "2"]) {
      // A store each: a run is recorded, and the next would be marked against it.
      const db = await freshStore(dialect);
      expect(runCli(["ingest", data, "--db", db]).code).toBe(0);
      const r = runCli(["evaluate", "--db", db, "--format", "json", "--threads", threads]);
      expect(r.stderr).toBe("");
      expect([0, 1]).toContain(r.code);
      documents.push(r.stdout);
    }
    const findings = (JSON.parse(documents[0] as string) as { findings: unknown[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(documents[1]).toBe(documents[0]);
    expect(documents[2]).toBe(documents[0]);
  });

  it("partitions the SKUs by range: every SKU in exactly one shard, in order", async () => {
    const db = await freshStore(dialect);
    const skus = ["A1", "A2", "B1", "C9", "c1"];
    const files = {
      "skus.csv": `sku,unit_cost,lead_time_days\n${skus.map((s) => `${s},1,5`).join("\n")}\n`,
      "daily.csv": `date,sku,units_sold\n${skus.map((s) => `2026-01-05,${s},3`).join("\n")}\n`,
    };
    expect(runCli(["ingest", dataset(files, {}), "--db", db]).code).toBe(0);
    const store = await openStore(db, { access: "read" });
    try {
      const all = await idsIn(store, {});
      const parts = [
        await idsIn(store, { before: "B1" }),
        await idsIn(store, { from: "B1", before: "C9" }),
        await idsIn(store, { from: "C9" }),
      ];
      expect(parts[0]).toEqual(["A1", "A2"]);
      expect(parts[1]).toEqual(["B1"]);
      expect(parts.flat()).toEqual(all);
      expect([...all].sort()).toEqual([...skus].sort());
    } finally {
      await store.close();
    }
  });

  it("a second connection reads the snapshot of the first, or is told it moved", async () => {
    const db = await freshStore(dialect);
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const writer = await openStore(db, { access: "write" });
    const leader = await openStore(db, { access: "read" });
    const follower = await openStore(db, { access: "read" });
    const before = await leader.read(countSkus);
    try {
      // Nothing committed between the ticket and the join: the follower reads.
      const calm = follower.ticket();
      const joined = await leader.read(async (_db, _scan, exportSnapshot) => {
        const snapshot = await exportSnapshot();
        expect(snapshot === undefined).toBe(dialect === "sqlite");
        return follower.read(countSkus, {
          ticket: calm,
          ...(snapshot !== undefined ? { snapshot } : {}),
        });
      });
      expect(joined).toBe(before);

      // A commit after the ticket, before the follower joins.
      const ticket = follower.ticket();
      const read = leader.read(async (q, _scan, exportSnapshot) => {
        const snapshot = await exportSnapshot();
        await sql`select count(*) from skus`.execute(q);
        await addSku(writer, "LATE");
        return follower.read(countSkus, {
          ticket,
          ...(snapshot !== undefined ? { snapshot } : {}),
        });
      });
      if (dialect === "sqlite") await expect(read).rejects.toBeInstanceOf(SnapshotMovedError);
      // PostgreSQL: the follower sees the leader's snapshot, without the SKU added since.
      else expect(await read).toBe(before);
      expect(await follower.read(countSkus)).toBe(before + 1);
    } finally {
      await Promise.all([writer.close(), leader.close(), follower.close()]);
    }
  });

  it("pinned, two reads one after the other see one snapshot whatever is committed between", async () => {
    const db = await freshStore(dialect);
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const writer = await openStore(db, { access: "write" });
    const reader = await openStore(db, { access: "read" });
    const count = () => reader.read(countSkus);
    try {
      const before = await count();
      const seen = await reader.pinned(async () => {
        const first = await count();
        await addSku(writer, "BETWEEN");
        // A read the pin is not in sees it; the second pinned read does not.
        expect(await writer.read(countSkus)).toBe(before + 1);
        const second = await count();
        return [first, second];
      });
      expect(seen).toEqual([before, before]);
      // Once the pin ends, reads see what was committed.
      expect(await count()).toBe(before + 1);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});

describe("--threads", () => {
  it.each(["0", "two", "1.5", "65"])("refuses %s with exit 2 and says what it expected", (n) => {
    const db = path.join(tempDir(), "outcomes.db");
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const r = runCli(["evaluate", "--db", db, "--threads", n]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--threads: expected a whole number from 1 to 64, found "${n}"`);
  });
});
