/** Reports progress lines while the lab works (the CLI prints them on stderr). */
export type Progress = (line: string) => void;

/** A progress reporter that prefixes each line with the seconds elapsed since it was made. */
export function timedProgress(sink: (line: string) => void): Progress {
  const start = Date.now();
  return (line) => {
    const seconds = ((Date.now() - start) / 1000).toFixed(1).padStart(5);
    sink(`[${seconds}s] ${line}`);
  };
}

/** A progress reporter that says nothing. */
export const quietProgress: Progress = () => undefined;
