/** Code-review findings of open sessions as diagnostics at their lines (Problems panel, editors). */
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { Finding } from '../core/review';
import type { SessionStore } from './sessionStore';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  CRITICAL: vscode.DiagnosticSeverity.Error,
  MAJOR: vscode.DiagnosticSeverity.Warning,
  MINOR: vscode.DiagnosticSeverity.Information,
};

export function reviewDiagnostics(store: SessionStore, root: () => string | undefined): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('cmux-director-review');
  // The store changes on every hook event; findings rarely. Clearing sends the window a change of
  // all markers (Problems panel, editors) each time: only a change to the findings is sent.
  let shown: string | undefined;
  const update = () => {
    const base = root();
    const key = JSON.stringify([base, store.sessions.map((s) => [s.review?.review.reviewer, s.review?.findings])]);
    if (key === shown) return;
    shown = key;
    collection.clear();
    if (!base) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const session of store.sessions) {
      for (const finding of session.review?.findings ?? []) {
        const line = Math.max(0, finding.line - 1);
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
          finding.text,
          SEVERITY[finding.severity],
        );
        diagnostic.source = session.review!.review.reviewer;
        diagnostic.code = finding.severity;
        const file = join(base, finding.path);
        byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
      }
    }
    for (const [file, diagnostics] of byFile) collection.set(vscode.Uri.file(file), diagnostics);
  };
  const subscription = store.onDidChange(update);
  update();
  return {
    dispose: () => {
      subscription.dispose();
      collection.dispose();
    },
  };
}
