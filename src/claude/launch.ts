/**
 * The launch line of a Claude Code implementer: the user's agent command (program and extra
 * flags), the session name, an explicit model, acceptEdits, the session's settings and the
 * first prompt as a positional argument after `--` (submitted with nothing typed).
 */
import { shellQuote } from '../core/shell';

export interface LaunchInput {
  /** The user's agent command, e.g. `claude --permission-mode acceptEdits`. */
  readonly agent: string;
  readonly name: string;
  readonly model: string;
  readonly settingsFile: string;
  readonly prompt: string;
  /** A mode that replaces the agent command's own (a reviewer's `dontAsk`: only allowed tools run). */
  readonly permissionMode?: string;
}

const has = (agent: string, flag: string) => new RegExp(`(^|\\s)${flag}(\\s|=|$)`).test(agent);

export function launchLine(input: LaunchInput): string {
  const agent = input.permissionMode
    ? input.agent.replace(/(^|\s)--permission-mode(?:=|\s+)\S+/g, '').trim()
    : input.agent.trim();
  const parts = [agent];
  if (!has(agent, '-n') && !has(agent, '--name')) parts.push('-n', shellQuote(input.name));
  if (!has(agent, '--model')) parts.push('--model', shellQuote(input.model));
  if (!has(agent, '--permission-mode')) parts.push('--permission-mode', input.permissionMode ?? 'acceptEdits');
  parts.push('--settings', shellQuote(input.settingsFile));
  // After `--`: options that take several values (--allowedTools …) would swallow the prompt.
  parts.push('--', shellQuote(input.prompt));
  return parts.join(' ');
}
