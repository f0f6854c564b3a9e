/**
 * The side panel wide 2.1.328 panes draw right of a `│` (a diff summary): found by the column most
 * lines share, and cut off before a screen is read, measured in display cells as tmux draws them.
 */
/** A side panel's separator never sits this far left; gutters and quoted `│ Reason:` lines do. */
const MIN_PANEL_COLUMN = 20;
const WIDE_RE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** Display cells taken by a character (wide CJK and emoji take two, as in tmux). */
const cells = (ch: string) => (WIDE_RE.test(ch) ? 2 : 1);

/** The display columns of the `│` characters on a line. */
function barColumns(line: string): number[] {
  const columns: number[] = [];
  let column = 0;
  for (const ch of line) {
    if (ch === '│') columns.push(column);
    column += cells(ch);
  }
  return columns;
}

/** The line up to the `│` at display column `at`, or the whole line when none sits there. */
function cutAt(line: string, at: number): string {
  let column = 0;
  let index = 0;
  for (const ch of line) {
    if (column === at && ch === '│') return line.slice(0, index).replace(/\s+$/, '');
    if (column >= at) break;
    column += cells(ch);
    index += ch.length;
  }
  return line;
}

/**
 * Wide panes of 2.1.328 draw a side panel (a diff summary) right of a `│` in the same column on
 * most lines. Cut every line that has a `│` in that column; a `│` that only a few lines carry
 * (a wrapped command's gutter, a quoted `│ Reason:`) is ordinary content and stays.
 */
export function cutSidePanel(lines: readonly string[]): string[] {
  const counts = new Map<number, number>();
  let nonBlank = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    nonBlank++;
    for (const column of new Set(barColumns(line)))
      if (column >= MIN_PANEL_COLUMN) counts.set(column, (counts.get(column) ?? 0) + 1);
  }
  let panel = -1;
  let most = 0;
  for (const [column, count] of counts)
    if (count > most) {
      panel = column;
      most = count;
    }
  if (most < 5 || most < nonBlank * 0.4) return [...lines];
  return lines.map((line) => cutAt(line, panel));
}
