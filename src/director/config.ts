/**
 * Configuration shared by both fronts. The CLI reads the `director.*` keys of the workspace's
 * .vscode/settings.json (JSONC, as VS Code writes it); flags override them; the extension
 * passes VS Code's resolved settings through the same schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, printParseErrorCode, stripComments, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { BACKEND_SETTINGS } from '../core/backend';

export const configSchema = z.object({
  backend: z.enum(BACKEND_SETTINGS).default('auto'),
  cmuxPath: z.string().default(''),
  cmuxPassword: z.string().default(''),
  tmuxPath: z.string().default('tmux'),
  tmuxSocket: z.string().default(''),
  implementerModel: z.string().default('sonnet'),
  reviewerModel: z.string().default('opus'),
  /** A review with a CRITICAL finding redirects the implementer with the findings. */
  redirectOnCriticalReview: z.boolean().default(true),
  agentCommand: z.string().default('claude --permission-mode acceptEdits'),
  waitTimeoutSeconds: z.number().positive().default(1200),
  readyTimeoutSeconds: z.number().positive().default(30),
  /** How long a permission request waits for approve/Allow before Claude Code's own dialog decides. */
  permissionHoldSeconds: z.number().int().min(0).max(3000).default(300),
  exportTimeoutSeconds: z.number().positive().default(20),
  hotPaths: z.array(z.string()).default([]),
  /** The project's own check, run by verify in the session's folder (off when empty). */
  verifyCommand: z.string().default(''),
  verifyTimeoutSeconds: z.number().positive().default(300),
  /** `auto`: cmux splits to the right; tmux opens a window per session (splits shrink fast). */
  splitDirection: z.enum(['auto', 'right', 'down', 'left', 'up', 'window']).default('auto'),
  /** `worktree`: each session works in its own git worktree and branch; SHIP merges it home. */
  isolation: z.enum(['shared', 'worktree']).default('shared'),
  /** Close deletes branches of worktree sessions closed more than this many days ago (0: never). */
  pruneBranchesAfterDays: z.number().int().min(0).default(0),
  screenPatterns: z.record(z.string(), z.array(z.string())).default({}),
});

export type DirectorConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_CONFIG: DirectorConfig = configSchema.parse({});

/** Validates a partial config (settings or flags) and fills in the defaults. */
export function resolveConfig(...layers: Array<Record<string, unknown>>): DirectorConfig {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) if (v !== undefined) merged[k] = v;
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `Setting director.${issue?.path.join('.') ?? '?'} is invalid: ${issue?.message ?? 'bad value'}.`,
    );
  }
  return parsed.data;
}

/** The `director.*` keys of <root>/.vscode/settings.json, without the prefix. */
export function readWorkspaceSettings(root: string): Record<string, unknown> {
  const file = join(root, '.vscode', 'settings.json');
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  // VS Code treats an empty or comment-only settings file as "no settings".
  if (stripComments(text).trim() === '') return {};
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    throw new ConfigError(
      `${file} is not valid JSON with comments (${printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset}): fix it or remove it.`,
    );
  }
  const out: Record<string, unknown> = {};
  if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data))
      if (key.startsWith('director.')) out[key.slice('director.'.length)] = value;
  }
  return out;
}
