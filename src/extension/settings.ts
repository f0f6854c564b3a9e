/** VS Code's resolved `director.*` settings, passed to the director as overrides. */
import * as vscode from 'vscode';
import { configSchema } from '../director';

export function directorSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('director');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = config.get(key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
