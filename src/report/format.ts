/**
 * One renderer a format behind one interface (conftest's outputters): each command's formats are
 * a registry whose keys are its `--format` choices and whose descriptions are its help text.
 * Renderers only arrange what their model says: they compute nothing and touch no I/O.
 */

/** What a renderer writes: a string goes to stdout; problems may go to stderr beside it. */
export type Rendered = string | { stdout: string; stderr: string };

export interface Format<T> {
  /** A few words for `--help`. */
  description: string;
  render: (model: T) => Rendered;
  /** Markdown for a CI job summary (`$GITHUB_STEP_SUMMARY`), for formats that write one. */
  summary?: (model: T) => string;
  /** Its lines may be workflow commands on purpose (GitHub annotations): not guarded. */
  annotations?: true;
}

/** A command's formats by name; the first is the default. */
export type Formats<T> = Readonly<Record<string, Format<T>>>;

/** What the CLI needs of a registry to offer it as `--format`: names and descriptions. */
export type FormatChoices = Readonly<Record<string, { description: string }>>;

/** The format's renderer, or undefined for a name the registry does not hold. */
export function formatOf<T>(formats: Formats<T>, name: string): Format<T> | undefined {
  return Object.hasOwn(formats, name) ? formats[name] : undefined;
}

/** JSON as every command prints it: two-space indent, a final newline. */
export const renderJsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A format that prints its model as JSON. */
export const jsonFormat = <T>(
  description: string,
  shape: (model: T) => unknown = (m) => m,
): Format<T> => ({
  description,
  render: (model) => renderJsonText(shape(model)),
});
