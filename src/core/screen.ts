/**
 * Screen classifier: what a Claude Code pane is doing, from the text at the bottom of its screen.
 * Screens change between Claude Code releases, so every pattern is data (ScreenPatterns) that
 * settings can override; the signals from the task protocol stay the primary source of truth.
 */

export interface PermissionOption {
  readonly number: number;
  readonly label: string;
  readonly focused: boolean;
}

export type ScreenState =
  | { readonly kind: 'permission'; readonly title: string; readonly question: string; readonly command: string; readonly options: readonly PermissionOption[] }
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

const RULE_RE = /^\s*[─━]{8,}\s*$/;
const OPTION_RE = /^\s*(❯|›|>)?\s*(\d)\.\s+(.+?)\s*$/;

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
        return { top, bottom, input: body.map((l) => l.trim()).join(' ').trim() };
      }
      break;
    }
  }
  return undefined;
}

function parsePermission(lines: readonly string[], start: number, patterns: CompiledPatterns): ScreenState | undefined {
  let questionAt = -1;
  for (let i = lines.length - 1; i >= start; i--) {
    const line = lines[i]!.trim();
    if (patterns.permissionQuestion.some((re) => re.test(line))) { questionAt = i; break; }
  }
  if (questionAt < 0) return undefined;
  // A narrow pane wraps the question: it ends at the first line that ends with "?".
  let questionEnd = questionAt;
  while (!lines[questionEnd]!.trim().endsWith('?') && questionEnd < questionAt + 3 && questionEnd + 1 < lines.length) questionEnd++;
  if (!lines[questionEnd]!.trim().endsWith('?')) return undefined;
  const question = lines.slice(questionAt, questionEnd + 1).map((l) => l.trim()).join(' ');
  const options: PermissionOption[] = [];
  for (let i = questionEnd + 1; i < lines.length; i++) {
    const m = OPTION_RE.exec(lines[i]!);
    if (m) options.push({ number: Number(m[2]), label: m[3]!, focused: m[1] !== undefined });
    else if (options.length > 0 && lines[i]!.trim() !== '' && !/^\s{3,}\S/.test(lines[i]!)) break;
  }
  if (options.length < 2) return undefined;
  // The dialog body sits between the last rule above the question and the question itself:
  // its first line is the title (`Bash command`, `Edit file`), the next one the command or path.
  let ruleAt = -1;
  for (let i = questionAt - 1; i >= Math.max(0, questionAt - 30); i--) if (RULE_RE.test(lines[i]!)) { ruleAt = i; break; }
  const body = lines.slice(ruleAt + 1, questionAt).map((l) => l.trim()).filter((l) => l !== '');
  return {
    kind: 'permission',
    title: body[0] ?? '',
    command: body[1] ?? '',
    question,
    options,
  };
}

/** Classifies the bottom of a pane's screen. Pass the last ~40 lines. */
export function classifyScreen(text: string, patterns: ScreenPatterns = DEFAULT_SCREEN_PATTERNS): ScreenState {
  const compiled = compile(patterns);
  const lines = text.replace(/\r/g, '').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const tail = lines.slice(-40);
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
  if (answer === 'yes') return options.find((o) => /^yes\b/i.test(o.label) && !/don.t ask|allow all|auto[ -]mode|auto-accept/i.test(o.label)) ?? options.find((o) => /^yes\b/i.test(o.label));
  return options.find((o) => /^no\b/i.test(o.label));
}
