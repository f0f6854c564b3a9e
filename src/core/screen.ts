/**
 * Screen classifier: what a Claude Code pane is doing, from the text at the bottom of its screen.
 * Screens change between Claude Code releases, so every pattern is data (ScreenPatterns) that
 * settings can override; the signals from the task protocol stay the primary source of truth.
 * Shapes handled: the old stub/ccmanager screens and Claude Code 2.1.328 (rules that end in the
 * session name, a diff side panel right of a `│` column in wide panes, dialogs whose command sits
 * between two `╌` rules).
 */
import { cutSidePanel } from './screenPanel';

export interface PermissionOption {
  readonly number: number;
  readonly label: string;
  readonly focused: boolean;
}

export type ScreenState =
  | {
      readonly kind: 'permission';
      readonly title: string;
      readonly question: string;
      readonly command: string;
      readonly options: readonly PermissionOption[];
    }
  | { readonly kind: 'trust' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'idle'; readonly input: string }
  | { readonly kind: 'unknown' };

export interface ScreenPatterns {
  /** Lines that open a permission question (matched against trimmed lines). */
  readonly permissionQuestion: readonly string[];
  /** Spinner / busy lines shown above the prompt box. */
  readonly busy: readonly string[];
  /** Footer hints that only appear while a turn is running. */
  readonly busyFooter: readonly string[];
  /** First-launch folder trust dialog. */
  readonly trust: readonly string[];
  /** Characters that start the input line inside the prompt box. */
  readonly promptMarkers: readonly string[];
}

export const DEFAULT_SCREEN_PATTERNS: ScreenPatterns = {
  permissionQuestion: ['^(?:Do you want to|Would you like to)\\b'],
  // `*` and `·` also start ordinary bullet points: for them a spinner needs its "(…)" stats.
  busy: ['^[✢✳✶✻✽✱✲✴✵✷✸✹✺✼✾✿❀❁❂❃❇❈❉❊❋✣✤✥✦✧⁂※]\\s+\\S.*…', '^[*·]\\s+\\S.*…\\s*\\('],
  busyFooter: ['\\b(?:esc|ctrl\\+c) to interrupt\\b'],
  trust: ['Yes, I trust this folder', 'Do you trust the files in this folder\\?'],
  promptMarkers: ['❯', '>'],
};

/** A horizontal rule; 2.1.328 may end it with the session name: `──────── impl-x ─`. */
const RULE_RE = /^\s*[─━]{8,}(?: [^─━]{1,80} [─━]{1,4})?\s*$/;
/** The dashed rules around the command in a 2.1.328 permission dialog. */
const DASHED_RE = /^\s*[╌┄┈]{8,}\s*$/;
const OPTION_RE = /^\s*(❯|›|>)?\s*(\d)\.\s+(.+?)\s*$/;
/** Hint lines inside a dialog body that are never its command (`Tip: auto mode handles …`). */
const HINT_RE = /^Tip:/i;
interface CompiledPatterns {
  permissionQuestion: RegExp[];
  busy: RegExp[];
  busyFooter: RegExp[];
  trust: RegExp[];
  promptMarkers: readonly string[];
}

const compiledCache = new WeakMap<ScreenPatterns, CompiledPatterns>();

function compile(patterns: ScreenPatterns): CompiledPatterns {
  let compiled = compiledCache.get(patterns);
  if (!compiled) {
    const res = (list: readonly string[]) => list.map((p) => new RegExp(p, 'i'));
    compiled = {
      permissionQuestion: res(patterns.permissionQuestion),
      busy: res(patterns.busy),
      busyFooter: res(patterns.busyFooter),
      trust: res(patterns.trust),
      promptMarkers: patterns.promptMarkers,
    };
    compiledCache.set(patterns, compiled);
  }
  return compiled;
}

/** Merges user overrides (any subset of keys) over the defaults. */
export function mergeScreenPatterns(overrides: Partial<ScreenPatterns> | undefined): ScreenPatterns {
  return { ...DEFAULT_SCREEN_PATTERNS, ...(overrides ?? {}) };
}

interface PromptBox {
  readonly top: number;
  readonly bottom: number;
  readonly input: string;
}

/** The last prompt box: a rule line, an input line starting with a prompt marker, a rule line. */
function findPromptBox(lines: readonly string[], markers: readonly string[]): PromptBox | undefined {
  for (let bottom = lines.length - 1; bottom > 0; bottom--) {
    if (!RULE_RE.test(lines[bottom]!)) continue;
    for (let top = bottom - 1; top >= 0 && bottom - top <= 8; top--) {
      if (!RULE_RE.test(lines[top]!)) continue;
      const first = lines[top + 1] ?? '';
      const marker = markers.find((m) => first.startsWith(m));
      if (top + 1 < bottom && marker !== undefined) {
        const body = [first.slice(marker.length), ...lines.slice(top + 2, bottom)];
        return {
          top,
          bottom,
          input: body
            .map((l) => l.trim())
            .join(' ')
            .trim(),
        };
      }
      break;
    }
  }
  return undefined;
}

/** Dialog body lines without blanks, hints and a wrapped command's `│` gutter. */
const bodyText = (lines: readonly string[]) =>
  lines.map((l) => l.trim().replace(/^│\s?/, '').trim()).filter((l) => l !== '' && !HINT_RE.test(l));

/**
 * Title and command of the dialog body (the lines between its top rule and its question).
 * 2.1.328: title, hints and a description, then the command between two `╌` rules (`Bash command`,
 * `Read file`); file dialogs (`Create file`, `Edit file`) put the path under the title and the
 * content between the rules. Older screens: the title, then the command or path on the next line.
 */
function dialogBody(body: readonly string[]): { title: string; command: string } {
  const dashed = body.flatMap((l, i) => (DASHED_RE.test(l) ? [i] : []));
  if (dashed.length >= 2) {
    const header = bodyText(body.slice(0, dashed[0]));
    const title = header[0] ?? '';
    const path = /\bfile\b/i.test(title) ? header[1] : undefined;
    return { title, command: path ?? bodyText(body.slice(dashed[0]! + 1, dashed[1])).join(' ') };
  }
  const text = bodyText(body.filter((l) => !DASHED_RE.test(l)));
  return { title: text[0] ?? '', command: text[1] ?? '' };
}

function parseOptions(lines: readonly string[], from: number): PermissionOption[] {
  const options: PermissionOption[] = [];
  let indent = 0;
  let gap = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const m = OPTION_RE.exec(line);
    if (m) {
      options.push({ number: Number(m[2]), label: m[3]!, focused: m[1] !== undefined });
      indent = line.indexOf(`${m[2]}.`);
      gap = false;
      continue;
    }
    if (options.length === 0) continue;
    if (line.trim() === '') {
      gap = true;
      continue;
    }
    const lead = line.length - line.trimStart().length;
    // A label wrapped by a narrow pane continues under its text: join it to the label.
    if (!gap && lead > indent) {
      const last = options.pop()!;
      options.push({ ...last, label: `${last.label} ${line.trim()}` });
    } else if (lead < 3) break;
  }
  return options;
}

function parsePermission(lines: readonly string[], start: number, patterns: CompiledPatterns): ScreenState | undefined {
  let questionAt = -1;
  for (let i = lines.length - 1; i >= start; i--) {
    const line = lines[i]!.trim();
    if (patterns.permissionQuestion.some((re) => re.test(line))) {
      questionAt = i;
      break;
    }
  }
  if (questionAt < 0) return undefined;
  // A narrow pane wraps the question: it ends at the first line that ends with "?".
  let questionEnd = questionAt;
  while (!lines[questionEnd]!.trim().endsWith('?') && questionEnd < questionAt + 3 && questionEnd + 1 < lines.length)
    questionEnd++;
  if (!lines[questionEnd]!.trim().endsWith('?')) return undefined;
  const question = lines
    .slice(questionAt, questionEnd + 1)
    .map((l) => l.trim())
    .join(' ');
  const options = parseOptions(lines, questionEnd + 1);
  if (options.length < 2) return undefined;
  // The dialog body sits between the last rule above the question and the question itself.
  let ruleAt = -1;
  for (let i = questionAt - 1; i >= Math.max(0, questionAt - 30); i--)
    if (RULE_RE.test(lines[i]!)) {
      ruleAt = i;
      break;
    }
  return { kind: 'permission', ...dialogBody(lines.slice(ruleAt + 1, questionAt)), question, options };
}

/** Screen lines without trailing blanks, the side panel, or runs of blank lines. */
function screenLines(text: string): string[] {
  const raw = text
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''));
  // 2.1.328 leaves the rows between a dialog and the bottom rule blank: collapsing them keeps a
  // dialog drawn near the top of a tall pane within the lines classified.
  const lines = cutSidePanel(raw).filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Classifies the bottom of a pane's screen. Pass the last ~40 lines. */
export function classifyScreen(text: string, patterns: ScreenPatterns = DEFAULT_SCREEN_PATTERNS): ScreenState {
  const compiled = compile(patterns);
  const tail = screenLines(text).slice(-40);
  const box = findPromptBox(tail, compiled.promptMarkers);
  // A dialog replaces the prompt box, so only text below the last box can be a live dialog.
  const dialogStart = box ? box.bottom + 1 : 0;
  const permission = parsePermission(tail, dialogStart, compiled);
  if (permission) return permission;
  const below = tail.slice(dialogStart);
  if (below.some((l) => compiled.trust.some((re) => re.test(l)))) return { kind: 'trust' };
  if (!box) return { kind: 'unknown' };
  // The spinner sits just above the box, or above a short todo list (up to ~10 lines); never
  // look past an earlier rule line, which belongs to an older frame or dialog.
  let zoneStart = box.top;
  while (zoneStart > 0 && box.top - zoneStart < 12 && !RULE_RE.test(tail[zoneStart - 1]!)) zoneStart--;
  const spinnerZone = tail.slice(zoneStart, box.top).map((l) => l.trim());
  const footer = tail.slice(box.bottom + 1);
  const busy =
    spinnerZone.some((l) => compiled.busy.some((re) => re.test(l))) ||
    footer.some((l) => compiled.busyFooter.some((re) => re.test(l)));
  return busy ? { kind: 'busy' } : { kind: 'idle', input: box.input };
}

/** The option to press for a yes or a no, from the options actually on screen. */
export function chooseOption(options: readonly PermissionOption[], answer: 'yes' | 'no'): PermissionOption | undefined {
  // "Yes" means this one call: never the wider grants ("don't ask again", "allow all edits",
  // auto mode, plan approval's "auto-accept edits") unless nothing else says yes.
  if (answer === 'yes')
    return (
      options.find((o) => /^yes\b/i.test(o.label) && !/don.t ask|allow all|auto[ -]mode|auto-accept/i.test(o.label)) ??
      options.find((o) => /^yes\b/i.test(o.label))
    );
  return options.find((o) => /^no\b/i.test(o.label));
}
