import type { Command } from 'commander';

/**
 * `start` is the default command, so commander hands a word that names no command to it as an
 * argument ("too many arguments for 'start'"). A first word that is no command is a mistyped one:
 * refuse it as such, with the nearest command name. `miaw-sim` alone and `miaw-sim --port 0` still
 * start: their first word is an option, not a command.
 */
export function refuseUnknownCommands(program: Command): Command {
  return program.hook('preSubcommand', (self, subcommand) => {
    const [first] = self.args;
    if (first === undefined || first.startsWith('-') || first === subcommand.name() || subcommand.aliases().includes(first)) return;
    const names = self.commands.map((c) => c.name());
    const nearest = nearestName(first, names);
    self.error(`[miaw-sim] unknown command '${first}'${nearest ? ` (did you mean ${nearest}?)` : ''}; the commands are listed below.`, { code: 'commander.unknownCommand' });
  });
}

/** The closest name within two edits (a swap of neighbours counts as one), if any. */
export function nearestName(word: string, names: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(word.toLowerCase(), name);
    if (distance <= Math.min(2, Math.floor(name.length / 2)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(i - 2, j - 2) + 1);
      rows[i]![j] = d;
    }
  }
  return at(a.length, b.length);
}
