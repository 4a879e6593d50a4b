/**
 * Hostile and unlucky stores through the real CLI (issue 12's corpus): a mistyped --db, a file
 * that is not SQLite or is cut short, a store from a newer version, a read-only file, a
 * PostgreSQL server that is not there; and passwords in URLs, masked in every form.
 */
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database as DbSchema } from "../../src/store/database.js";
import { maskUrl } from "../../src/store/mask-url.js";
import { openStore } from "../../src/store/open-store.js";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { BIN, ROOT, runCli, tempDir } from "../helpers/cli.js";
import { SMALL, dataset } from "../helpers/data.js";
import { DIALECTS, freshStore } from "../helpers/stores.js";

/** A store with the small data set loaded. */
function loadedStore(): string {
  const db = path.join(tempDir(), "outcomes.db");
  expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
  return db;
}

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |internal error/);

describe("reading commands and the store they are given", () => {
  it.each([
    ["check", "--as-of", "2026-01-02"],
    ["evaluate"],
    ["report", "--month", "2026-01"],
    ["explain", "A1"],
  ])(
    "%s refuses a --db that does not exist, and creates nothing (a CI gate once passed on it)",
    (...args) => {
      const db = path.join(tempDir(), "typo", "outcomes.db");
      const r = runCli([...args, "--db", db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`no stockpolicy store at ${db}`);
      noStack(r.stderr);
      expect(existsSync(db)).toBe(false);
    },
  );

  it("refuses a file that is not SQLite, and one cut short, with exit 2", () => {
    const text = path.join(tempDir(), "notes.db");
    writeFileSync(text, "these are my notes, not a database\n".repeat(200));
    const r = runCli(["check", "--db", text]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("it is not a SQLite database");
    noStack(r.stderr);

    const cut = path.join(tempDir(), "cut.db");
    writeFileSync(cut, readFileSync(loadedStore()).subarray(0, 2000));
    const c = runCli(["check", "--db", cut]);
    expect(c.code).toBe(2);
    noStack(c.stderr);
  });

  it("names a store written by a newer stockpolicy as such", () => {
    const db = loadedStore();
    const raw = new Database(db);
    raw
      .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
      .run("9999_future", "x");
    raw.close();
    for (const command of ["check", "ingest"]) {
      const r = runCli(
        command === "ingest" ? ["ingest", dataset(), "--db", db] : ["check", "--db", db],
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("was written by a newer stockpolicy (its schema has 9999_future)");
    }
  });

  it("reads a read-only store for check (it writes nothing, so it needs no write access)", () => {
    const db = loadedStore();
    const copy = path.join(tempDir(), "readonly.db");
    copyFileSync(db, copy);
    chmodSync(copy, 0o444);
    const r = runCli(["check", "--db", copy, "--as-of", "2026-01-02"]);
    noStack(r.stderr);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toContain("check:");
  });

  it("gives a PostgreSQL server that is not there its own exit code, with the password masked", () => {
    const r = runCli(["check", "--db", "postgres://ci:s3cret@127.0.0.1:1/stock"]);
    expect(r.code).toBe(69);
    expect(r.stderr).toContain("the store is unavailable");
    expect(r.stderr).toContain("postgres://ci:***@127.0.0.1:1/stock");
    expect(r.stderr).not.toContain("s3cret");
    noStack(r.stderr);
  });
});

/** The real CLI as a subprocess, not waited for: for runs at the same time. */
function runCliAsync(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("a PostgreSQL server that goes away", () => {
  it("is exit 69, not 1 (check's code for failing findings) nor a stack trace", async () => {
    // a server that accepts the connection and drops it at once, as a restart or failover does
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await runCliAsync([
        "check",
        "--db",
        `postgres://ci:s3cret@127.0.0.1:${port}/stock`,
      ]);
      expect(r.code).toBe(69);
      expect(r.stderr).toContain("the store is unavailable");
      expect(r.stderr).not.toContain("s3cret");
      noStack(r.stderr);
    } finally {
      server.close();
    }
  });
});

describe.each(DIALECTS)("concurrent runs on %s", (dialect) => {
  it("stores four evaluations run at once, each with its own id from the database", async () => {
    const db = await freshStore(dialect);
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => runCliAsync(["evaluate", "--db", db, "--format", "json"])),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const store = await openStore(db, { access: "read" });
    try {
      const ids = await store.db.selectFrom("evaluation_runs").select("id").orderBy("id").execute();
      expect(ids.map((r) => Number(r.id))).toEqual([1, 2, 3, 4]);
    } finally {
      await store.close();
    }
  });
});

describe.each(DIALECTS)("one read snapshot on %s", (dialect) => {
  it("sees the store as it was when reading began, whatever an ingest commits meanwhile", async () => {
    const db = await freshStore(dialect);
    expect(runCli(["ingest", dataset(), "--db", db]).code).toBe(0);
    const more = `${SMALL["daily.csv"]}2026-01-03,A1,4,30,0,\n2026-01-03,B2,2,8,0,\n`;
    const store = await openStore(db, { access: "read" });
    const count = async (q: Kysely<DbSchema>) =>
      Number(
        (
          await q
            .selectFrom("daily")
            .select((e) => e.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    try {
      const [before, during] = await store.read(async (q) => {
        const first = await count(q);
        // another process loads two more rows and commits while this read is open
        expect(runCli(["ingest", dataset({ "daily.csv": more }), "--db", db]).code).toBe(0);
        return [first, await count(q)];
      });
      expect(before).toBe(4);
      expect(during).toBe(4);
      expect(await store.read(count)).toBe(6);
    } finally {
      await store.close();
    }
  });
});

describe("maskUrl", () => {
  it.each([
    ["postgres://ci:s3cret@db:5432/x", "postgres://ci:***@db:5432/x"],
    ["postgres://:s3cret@db/x", "postgres://:***@db/x"],
    ["postgresql://ci:p@ss@w0rd@db/x", "postgresql://ci:***@db/x"],
    [
      "postgres://db/x?user=ci&password=s3cret&sslmode=require",
      "postgres://db/x?user=ci&password=***&sslmode=require",
    ],
    ["postgres://ci@db/x", "postgres://ci@db/x"],
  ])("%s → %s", (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });
});
