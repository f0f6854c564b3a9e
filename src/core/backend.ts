/** The multiplexers cmux Director drives, and the `director.backend` setting that picks one. */

export const BACKEND_KINDS = ['cmux', 'tmux'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** `auto`: cmux when its CLI answers, else tmux. */
export const BACKEND_SETTINGS = ['auto', ...BACKEND_KINDS] as const;
export type BackendSetting = (typeof BACKEND_SETTINGS)[number];

export const isBackendSetting = (value: string): value is BackendSetting =>
  (BACKEND_SETTINGS as readonly string[]).includes(value);
