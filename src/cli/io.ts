/** What a command may touch of the outside world: passed in, so tests can supply their own. */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress is shown only then. */
  stderrIsTTY?: boolean;
}
