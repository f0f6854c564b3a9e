/**
 * Review diffs: the left side is a read-only virtual document with the file's content at the
 * session's baseline (own URI scheme, parameters checked with zod), the right side the file on
 * disk. One openDiff helper opens them.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { z } from 'zod';
import type { ChangedFile } from '../core/verdict';
import type { Director } from '../director';
import { BASELINE_SCHEME } from './constants';

const querySchema = z.object({ root: z.string(), slug: z.string(), path: z.string(), empty: z.boolean().optional() });

export function baselineUri(root: string, slug: string, path: string, empty = false): vscode.Uri {
  return vscode.Uri.from({
    scheme: BASELINE_SCHEME,
    path: `/${path}`,
    query: JSON.stringify({ root, slug, path, empty }),
  });
}

export class BaselineContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly director: () => Director | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const parsed = querySchema.safeParse(
      (() => {
        try {
          return JSON.parse(uri.query);
        } catch {
          return undefined;
        }
      })(),
    );
    if (!parsed.success) return '';
    const { root, slug, path, empty } = parsed.data;
    const director = this.director();
    if (empty || !director || director.root !== root) return '';
    return director.baselineText(slug, path);
  }
}

export async function openDiff(
  left: vscode.Uri,
  right: vscode.Uri,
  title: string,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  try {
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false, preserveFocus: false });
    return true;
  } catch (error) {
    log.error(`could not open the diff ${title}: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage(`Could not open the diff for ${title}.`);
    return false;
  }
}

/** Opens one file's review diff: baseline ↔ disk (new files from empty, deleted files to empty). */
export function openChangeDiff(
  root: string,
  slug: string,
  change: ChangedFile,
  log: vscode.LogOutputChannel,
  /** The session's folder (its worktree's), when it is not the workspace. */
  folder: string = root,
): Promise<boolean> {
  const left = baselineUri(root, slug, change.path, change.status === 'added');
  const right =
    change.status === 'deleted'
      ? baselineUri(root, slug, change.path, true)
      : vscode.Uri.file(join(folder, change.path));
  return openDiff(left, right, `${change.path} (${slug}: baseline ↔ now)`, log);
}
