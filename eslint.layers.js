// @ts-check
/**
 * The layers of src/, lowest first. A module may import from its own folder and from the layers
 * below its own, never from one above: so no folder-level import cycle can form, and a stage
 * cannot reach into the one that calls it. `npm run lint` enforces it (test/lint-layers.test.ts
 * shows that it does). Top-level files of src/ (types.ts, errors.ts, dates.ts, …) are one layer.
 */
export const LAYERS = [
  ["vocabulary"],
  ["stats"],
  ["(base)"],
  ["model"],
  ["policy"],
  ["findings"],
  ["metrics"],
  ["store"],
  ["outcomes"],
  ["evaluate"],
  ["governance"],
  ["report"],
  ["git"],
  ["demo"],
  ["calibration"],
  ["run"],
  ["cli"],
  ["(index)"],
];

const BASE_FILES = [
  "types",
  "errors",
  "dates",
  "collections",
  "paths",
  "files",
  "encoding",
  "version",
];

/** A regular expression for import specifiers that reach folder `name` (or a base file) of src/. */
function reaching(name) {
  const up = String.raw`(?:\.\./)*`;
  if (name === "(base)") return String.raw`^(?:\./|${up})(?:${BASE_FILES.join("|")})\.js$`;
  if (name === "(index)") return String.raw`^(?:\./|${up})index\.js$`;
  return String.raw`^(?:\./|(?:\.\./)+)${name}/`;
}

/** Where the files of a layer entry live. */
function filesOf(name) {
  if (name === "(base)") return BASE_FILES.map((f) => `src/${f}.ts`);
  if (name === "(index)") return ["src/index.ts"];
  return [`src/${name}/**/*.ts`];
}

/** One ESLint config block a layer: imports from every layer above it are an error. */
export function layerRules() {
  const flat = LAYERS.flat();
  return flat.map((name, i) => {
    const above = flat.slice(i + 1);
    return {
      files: filesOf(name),
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: above.map((higher) => ({
              regex: reaching(higher),
              message: `${name} is below ${higher} in the layers (eslint.layers.js): import downwards only.`,
            })),
          },
        ],
      },
    };
  });
}
