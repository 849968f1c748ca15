/**
 * A request-path matcher: the path itself, or a pattern in which each `*` stands for any run of
 * characters within one path segment (`/iamessage/api/v2/conversation/*` + `/message`). Every
 * other character, `?`, `[`, `{` and `.` included, stands for itself.
 *
 * No regular expression and no backtracking: a `*` never crosses a `/`, so the pattern's segments
 * pair off with the path's, and within a segment the literal pieces between the stars are found
 * left to right, each at its first place after the one before (for `*`-only globs the leftmost
 * choice is always the right one). A piece is searched once; at worst that costs
 * (path length) x (pattern length) character comparisons, however the pattern is built. A
 * backtracking regex (what this replaced, and what glob libraries compile to) took about a second
 * for `/*a*a*a*a*a*a*a*a*b` against `/` and 44 `a`s, and doubled with every few more.
 */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  if (!pattern.includes('*')) return (path) => path === pattern;
  const segments = pattern.split('/').map((segment) => segment.split('*'));
  return (path) => {
    let at = 0;
    for (const [i, pieces] of segments.entries()) {
      const slash = path.indexOf('/', at);
      // The last segment runs to the end of the path, and no further slash may follow; any other ends at one.
      if (i === segments.length - 1 ? slash >= 0 : slash < 0) return false;
      const end = slash < 0 ? path.length : slash;
      if (!segmentMatches(pieces, path, at, end)) return false;
      at = end + 1;
    }
    return true;
  };
}

/**
 * Whether `path[from, to)` (one segment) matches the pattern segment split at its stars: `pieces`
 * has one more element than the segment has stars, so one piece means no star at all.
 */
function segmentMatches(pieces: string[], path: string, from: number, to: number): boolean {
  const first = pieces[0]!;
  if (pieces.length === 1) return to - from === first.length && path.startsWith(first, from);
  const lastPiece = pieces[pieces.length - 1]!;
  if (to - from < first.length + lastPiece.length) return false;
  if (!path.startsWith(first, from) || !path.endsWith(lastPiece, to)) return false;
  let at = from + first.length;
  const stop = to - lastPiece.length;
  for (let p = 1; p < pieces.length - 1; p++) {
    const piece = pieces[p]!;
    if (!piece) continue;
    const found = path.indexOf(piece, at);
    if (found < 0 || found + piece.length > stop) return false;
    at = found + piece.length;
  }
  return true;
}
