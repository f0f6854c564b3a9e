/**
 * The director's public module: the only door for the fronts (the CLI and the VS Code
 * extension). They import from here and from src/core's types, never from the layers below.
 */
export { Director, type OpenOptions } from './director';
export type { ApproveResult } from './approve';
export { ShipBlockedError, type CloseInput, type CloseResult } from './close';
export { configSchema, type DirectorConfig } from './config';
export { isTrusted, rememberTrust, TRUST_ENV, trustFile } from './consent';
export type { DraftInput, DraftResult } from './draft';
export { errorInfo, type ErrorCode, type ErrorInfo, type Remedy, type RemedyOperation } from './errors';
export { LEDGER_FILE, SESSIONS_DIR } from './paths';
export type { InitChange } from './init';
export type { SessionRecord } from './record';
export type { RedirectOptions, RedirectResult } from './redirect';
export type { SpawnOptions, SpawnResult } from './spawn';
export type { ReviewResult } from './review';
export type { ReviewFindings } from './reviewFindings';
export type { MultiplexerDown, SessionStatus, StatusResult } from './status';
export type { VerifyOptions, VerifyResult } from './verify';
export type { GoneReason, WaitOptions, WaitOutcome } from './wait';
export { findWorkspace } from './workspace';
export { isGitWorkspace, setUpWorkspace } from './workspaceSetup';
/** A permission request in one line, as notifications and approve show it. */
export { permissionLine } from '../claude/events';
export { promptLine } from './approve';

import { ledgerRows, transcriptOf } from './queries';
/** Ledger rows of a workspace (newest first), readable without a multiplexer (untrusted folders too). */
export const ledgerRowsAt = (root: string) => ledgerRows({ root });
/** Where a session's exported transcript lives, by its ledger slug. */
export const transcriptAt = (root: string, bareSlug: string, ledgerTimestamp?: string) =>
  transcriptOf({ root }, bareSlug, ledgerTimestamp);
