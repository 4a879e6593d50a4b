/**
 * Writing outputs so that a reader sees the old version or the new one, never half of one: the
 * text goes to a temporary file in the same folder, is flushed to disk, and is renamed over the
 * target (a rename within a folder is atomic); on any failure the temporary file is removed and
 * the target is left as it was. A folder of files is built whole beside its place and swapped in.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import * as path from "node:path";
import { UsageError } from "./errors.js";

const tempName = (target: string, tag: string): string =>
  path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${tag}`);

/** An error of the file system as exit 2 naming the path: a full disk is no bug of ours. */
export function writeFailure(e: unknown, target: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== "string") return e;
  const why: Record<string, string> = {
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is exhausted",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOTDIR: "a part of the path is not a folder",
    EISDIR: "it is a folder",
  };
  return new UsageError(
    `could not write ${target}: ${why[err.code] ?? err.code}; nothing was written there`,
  );
}

/** Writes `text` to `file` atomically (its folder made first). */
export function writeFileAtomic(file: string, text: string): void {
  try {
    writeAtomic(file, text);
  } catch (e) {
    throw writeFailure(e, file);
  }
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = tempName(file, "tmp");
  try {
    const fd = openSync(temp, "w");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Replaces the folder `dir` with one holding exactly `files` (name → text): built whole in a
 * temporary sibling, then swapped in. A reader finds the old folder or the new one.
 */
export function replaceFolder(dir: string, files: Readonly<Record<string, string>>): string[] {
  try {
    return swapFolder(dir, files);
  } catch (e) {
    throw writeFailure(e, dir);
  }
}

function swapFolder(dir: string, files: Readonly<Record<string, string>>): string[] {
  mkdirSync(path.dirname(dir), { recursive: true });
  const staging = tempName(dir, "new");
  const old = tempName(dir, "old");
  try {
    mkdirSync(staging, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeAtomic(path.join(staging, name), text);
    let moved = false;
    try {
      renameSync(dir, old);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    try {
      renameSync(staging, dir);
    } catch (e) {
      if (moved) renameSync(old, dir);
      throw e;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  return Object.keys(files).map((name) => path.join(dir, name));
}
