/** vitest setup file: each test file's temporary folders are removed when it is done. */
import { afterAll } from "vitest";
import { removeTempDirs } from "./cli.js";

afterAll(removeTempDirs);
