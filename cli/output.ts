/** Where a command writes: lines to stdout and stderr. In-process tests pass their own. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: CliOutput = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** A handoff error's message without its prefix and `Hint:` tail, for a checklist line. */
export function withoutHint(error: { message: string; hint: string }): string {
  return error.message.replace(/^\[miaw-handoff\] /, '').replace(`. Hint: ${error.hint}`, '');
}
