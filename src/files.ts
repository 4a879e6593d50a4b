/**
 * Writing outputs so that a reader sees the old version or the new one, never half of one: the
 * text goes to a temporary file in the same folder, is flushed to disk, and is renamed over the
 * target (a rename within a folder is atomic); on any failure the temporary file is removed and
 * the target is left as it was. A folder of files is built whole beside its place and swapped in.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import * as path from "node:path";
import { UsageError } from "./errors.js";

const tempName = (target: string, tag: string): string =>
  path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${tag}`);

/** An error of the file system as exit 2 naming the path: a full disk is no bug of ours. */
export function writeFailure(e: unknown, target: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== "string") return e;
  return new UsageError(
    `could not write ${target}: ${whyWriteFailed(err.code)}; nothing was written there`,
  );
}

const WHY: Readonly<Record<string, string>> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
  EIO: "an input/output error",
  ENXIO: "no device or reader is there",
};

/** A file system error's code in a few words (the code itself when it is not a common one). */
export function whyWriteFailed(code: string | undefined): string {
  return (code !== undefined ? WHY[code] : undefined) ?? code ?? "an unknown error";
}

/** Writes `text` to `file` atomically (its folder made first). */
export function writeFileAtomic(file: string, text: string): void {
  try {
    writeAtomic(file, text);
  } catch (e) {
    throw writeFailure(e, file);
  }
}

/**
 * The standard streams by the names shells give them: written to the descriptor itself (opened
 * by name, a socket's would fail).
 */
const STANDARD_STREAMS: Readonly<Record<string, number>> = {
  "/dev/stdout": 1,
  "/dev/stderr": 2,
  "/dev/fd/1": 1,
  "/dev/fd/2": 2,
};

/** Whether `file` names standard output or standard error (what a terminal or CI log shows). */
export function isStandardStream(file: string): boolean {
  return STANDARD_STREAMS[file] !== undefined;
}

/**
 * `text` to `file` through a temporary file renamed over it; through a symbolic link, to the file
 * it names (the link stays). A device or a pipe (`/dev/stdout`, `/dev/full`) is written as it is:
 * a rename would replace it with a file, and its errors (a full device) must be seen.
 */
function writeAtomic(link: string, text: string): void {
  const standard = STANDARD_STREAMS[link];
  if (standard !== undefined) return writeAll(standard, text);
  let file = link;
  if (existsSync(link)) {
    const stat = statSync(link);
    if (stat.isDirectory())
      throw Object.assign(new Error(`${link} is a folder`), { code: "EISDIR" });
    if (!stat.isFile()) {
      const fd = openSync(link, "w");
      try {
        writeAll(fd, text);
      } finally {
        closeSync(fd);
      }
      return;
    }
    file = realpathSync(link);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = tempName(file, "tmp");
  try {
    const fd = openSync(temp, "w");
    try {
      writeAll(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** How long to wait for a descriptor that cannot take more yet (a non-blocking pipe). */
const RETRY_MS = 2;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Every byte of `text` to descriptor `fd`, synchronously: a short write goes on where it stopped,
 * a pipe that is full for now is waited for, and any other failure (a full disk, a closed pipe)
 * is thrown to the caller while it can still refuse to go on.
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(pause, 0, 0, RETRY_MS);
    }
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
