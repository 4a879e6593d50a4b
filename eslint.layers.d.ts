/** Types of eslint.layers.js, for the test that shows its rules at work. */
import type { Linter } from "eslint";

export declare const LAYERS: readonly (readonly string[])[];
export declare function layerRules(): Linter.Config[];
