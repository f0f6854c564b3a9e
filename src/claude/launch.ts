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
}

const has = (agent: string, flag: string) => new RegExp(`(^|\\s)${flag}(\\s|=|$)`).test(agent);

export function launchLine(input: LaunchInput): string {
  const parts = [input.agent.trim()];
  if (!has(input.agent, '-n') && !has(input.agent, '--name')) parts.push('-n', shellQuote(input.name));
  if (!has(input.agent, '--model')) parts.push('--model', shellQuote(input.model));
  if (!has(input.agent, '--permission-mode')) parts.push('--permission-mode', 'acceptEdits');
  parts.push('--settings', shellQuote(input.settingsFile));
  // After `--`: options that take several values (--allowedTools …) would swallow the prompt.
  parts.push('--', shellQuote(input.prompt));
  return parts.join(' ');
}
