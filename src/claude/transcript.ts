/**
 * Claude Code transcripts (`transcript_path`, JSONL): token usage and a plain-text rendering.
 * One API response is split over several lines that share `message.id` and repeat `usage`, so
 * usage is counted once per message id (the largest total wins), as ccusage does.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  /** Estimated from list prices per model family; transcripts carry no cost. */
  readonly costUsd: number;
}

/** USD per million tokens: input, output, cache write (5 min), cache read. */
const PRICES: ReadonlyArray<readonly [RegExp, readonly [number, number, number, number]]> = [
  [/opus/i, [15, 75, 18.75, 1.5]],
  [/haiku/i, [1, 5, 1.25, 0.1]],
  [/sonnet|.*/i, [3, 15, 3.75, 0.3]],
];

interface Line {
  type?: string;
  isSidechain?: boolean;
  message?: { id?: string; model?: string; role?: string; content?: unknown; usage?: Record<string, unknown> };
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      out.push(JSON.parse(raw) as Line);
    } catch {
      /* a line being written: skip */
    }
  }
  return out;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function usageFromTranscript(text: string): TokenUsage {
  const byMessage = new Map<
    string,
    { model: string; input: number; output: number; cacheRead: number; cacheWrite: number }
  >();
  for (const line of lines(text)) {
    const message = line.message;
    if (line.type !== 'assistant' || !message?.usage || !message.id) continue;
    const u = message.usage;
    const entry = {
      model: message.model ?? '',
      input: num(u['input_tokens']),
      output: num(u['output_tokens']),
      cacheRead: num(u['cache_read_input_tokens']),
      cacheWrite: num(u['cache_creation_input_tokens']),
    };
    const previous = byMessage.get(message.id);
    const total = (e: typeof entry) => e.input + e.output + e.cacheRead + e.cacheWrite;
    if (!previous || total(entry) > total(previous)) byMessage.set(message.id, entry);
  }
  let input = 0,
    output = 0,
    cacheRead = 0,
    cacheWrite = 0,
    costUsd = 0;
  for (const e of byMessage.values()) {
    input += e.input;
    output += e.output;
    cacheRead += e.cacheRead;
    cacheWrite += e.cacheWrite;
    const [pi, po, pw, pr] = PRICES.find(([re]) => re.test(e.model))![1];
    costUsd += (e.input * pi + e.output * po + e.cacheWrite * pw + e.cacheRead * pr) / 1e6;
  }
  return { input, output, cacheRead, cacheWrite, costUsd: Math.round(costUsd * 10000) / 10000 };
}

/** The last usage read per transcript, by size and mtime: every refresh asks, transcripts only grow. */
const usageCache = new Map<string, { size: number; mtimeMs: number; usage: TokenUsage | undefined }>();

export function readUsage(transcriptPath: string): TokenUsage | undefined {
  try {
    const { size, mtimeMs } = statSync(transcriptPath);
    const known = usageCache.get(transcriptPath);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.usage;
    const usage = usageFromTranscript(readFileSync(transcriptPath, 'utf8'));
    usageCache.delete(transcriptPath);
    if (usageCache.size >= 256) usageCache.delete(usageCache.keys().next().value!); // oldest first
    usageCache.set(transcriptPath, { size, mtimeMs, usage });
    return usage;
  } catch {
    return undefined;
  }
}

const SYSTEM_NOISE = /<system-reminder>[\s\S]*?<\/system-reminder>/g;

function blockText(block: unknown): string | undefined {
  if (typeof block !== 'object' || block === null) return undefined;
  const b = block as Record<string, unknown>;
  if (b['type'] === 'text' && typeof b['text'] === 'string') return b['text'];
  if (b['type'] === 'tool_use') return `● ${String(b['name'])}(${JSON.stringify(b['input'])})`;
  if (b['type'] === 'tool_result') {
    const content = b['content'];
    const text =
      typeof content === 'string'
        ? content
        : Array.isArray(content)
          ? content.map(blockText).filter(Boolean).join('\n')
          : '';
    return `  ⎿  ${b['is_error'] ? '(error) ' : ''}${text.split('\n').slice(0, 20).join('\n     ')}`;
  }
  return undefined;
}

/** The conversation as plain text (prompts, answers, tool calls and results), like `/export`. */
export function renderTranscript(text: string): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const line of lines(text)) {
    if ((line.type !== 'user' && line.type !== 'assistant') || line.isSidechain || !line.message) continue;
    const content = line.message.content;
    const parts = typeof content === 'string' ? [content] : Array.isArray(content) ? content.map(blockText) : [];
    for (const part of parts) {
      const clean = part?.replace(SYSTEM_NOISE, '').trim();
      if (!clean) continue;
      const rendered =
        line.type === 'user' && !clean.startsWith('  ⎿')
          ? `❯ ${clean}`
          : clean.startsWith('●') || clean.startsWith('  ⎿')
            ? clean
            : `● ${clean}`;
      // Assistant lines repeat per content block; keep each block once.
      const key = `${line.message.id ?? ''}|${rendered}`;
      if (line.message.id && seen.has(key)) continue;
      seen.add(key);
      out.push(rendered, '');
    }
  }
  return out.join('\n');
}

const INTERRUPTED = '[Request interrupted by user';

/**
 * Did the conversation's last turn end on an interrupt (Esc, or "No" in Claude Code's own
 * permission dialog)? Claude Code fires no Stop then; its transcript says so. Reads the tail only.
 */
export function endsInterrupted(transcriptPath: string): boolean {
  let text: string;
  try {
    const fd = openSync(transcriptPath, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  const messages = lines(text).filter(
    (l) => (l.type === 'user' || l.type === 'assistant') && !l.isSidechain && l.message,
  );
  const last = messages[messages.length - 1];
  if (last?.type !== 'user') return false;
  const content = last.message!.content;
  const texts =
    typeof content === 'string'
      ? [content]
      : Array.isArray(content)
        ? content.map(blockText).filter((t): t is string => t !== undefined)
        : [];
  return texts.some((t) => t.includes(INTERRUPTED));
}
