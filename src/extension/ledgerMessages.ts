/**
 * What both ledger webviews (the sidebar list and the panel) may ask: checked with zod, since a
 * webview is an untrusted peer; a bad message is logged and dropped.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { viewMessageSchema, type ViewMessage } from '../core/ledgerProtocol';
import { transcriptAt } from '../director';

export function parseViewMessage(raw: unknown, log: vscode.LogOutputChannel, from: string): ViewMessage | undefined {
  const parsed = viewMessageSchema.safeParse(raw);
  if (!parsed.success) {
    log.warn(`${from} sent an invalid message: ${JSON.stringify(raw)?.slice(0, 200)}`);
    return undefined;
  }
  return parsed.data;
}

export async function openTranscript(root: string, slug: string, timestamp: string | undefined): Promise<void> {
  const transcript = vscode.Uri.file(transcriptAt(root, slug, timestamp));
  if (!existsSync(transcript.fsPath)) {
    void vscode.window.showWarningMessage(`No transcript for ${slug} (${relative(root, transcript.fsPath)}).`);
    return;
  }
  await vscode.window.showTextDocument(transcript, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
