/** Every id the extension shares with package.json, in one place (checked by the host tests). */

export const COMMANDS = {
  draftTask: 'director.draftTask',
  spawnSession: 'director.spawnSession',
  spawnDrafted: 'director.spawnDrafted',
  waitForSession: 'director.waitForSession',
  verify: 'director.verify',
  reviewChanges: 'director.reviewChanges',
  approvePermission: 'director.approvePermission',
  denyPermission: 'director.denyPermission',
  answerQuestion: 'director.answerQuestion',
  redirect: 'director.redirect',
  closeSession: 'director.closeSession',
  closeShip: 'director.closeShip',
  closeNoShip: 'director.closeNoShip',
  closeAbandon: 'director.closeAbandon',
  showStatus: 'director.showStatus',
  openLedger: 'director.openLedger',
  focusPane: 'director.focusPane',
  setUpWorkspace: 'director.setUpWorkspace',
  refresh: 'director.refresh',
  retryBackend: 'director.retryBackend',
  openSettings: 'director.openSettings',
  openFileDiff: 'director.openFileDiff',
  requestReview: 'director.requestReview',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEWS = {
  container: 'director',
  sessions: 'director.sessions',
  ledger: 'director.ledger',
} as const;

/** Context key `director.state`: drives the welcome content of the Sessions view. */
export const STATE_KEY = 'director.state';
export type DirectorUiState =
  'starting' | 'noFolder' | 'untrusted' | 'noMultiplexer' | 'cmuxRefused' | 'notGit' | 'error' | 'ready';

/** Context key `director.loaded`: the Sessions tree has read the sessions once (its empty state is true). */
export const LOADED_KEY = 'director.loaded';

/** Tokens in a session node's contextValue; menus match them with `viewItem =~ /\btoken\b/`. */
export const NODE_TOKENS = {
  session: 'session',
  live: 'live',
  needsPermission: 'needsPermission',
  question: 'question',
  hasChanges: 'hasChanges',
  needsReview: 'needsReview',
  finding: 'reviewFinding',
  done: 'done',
  drafted: 'drafted',
  closedGroup: 'closedGroup',
  closed: 'closed',
  file: 'changedFile',
  taskFile: 'taskFile',
  questionFile: 'questionFile',
} as const;

/** URI scheme of the read-only baseline documents shown on the left of review diffs. */
export const BASELINE_SCHEME = 'director-baseline';
