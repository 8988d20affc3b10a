// The UI's own state (focus, selection, overlays, the status message, speed step, scrolling),
// kept outside React so it survives the app being unmounted while $EDITOR has the terminal.
// Components read it through useUiStore (useSyncExternalStore); actions change it.

import type { PanelId } from '../view/layout.js';
import type { Severity } from '../view/events.js';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'policy'; index: number }
  | { kind: 'workload'; index: number };

export interface StatusMessage { text: string; severity: Severity; at: number }

export interface UiState {
  focus: PanelId;
  /** The process the kill key acts on (undefined: the first live one). */
  selectedPid: number | undefined;
  overlay: Overlay;
  message: StatusMessage | undefined;
  /** Index into SPEEDS. */
  speedIndex: number;
  /** Lines scrolled up from the newest event. */
  eventScroll: number;
}

/** Speed steps for + and - (instructions per second; Infinity = as fast as the host goes). */
export const SPEEDS: readonly number[] = [1_000_000, 5_000_000, 20_000_000, Infinity];

export const INITIAL_UI: UiState = {
  focus: 'processes', selectedPid: undefined, overlay: { kind: 'none' }, message: undefined,
  speedIndex: SPEEDS.length - 1, eventScroll: 0,
};

export class UiStore {
  private state: UiState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: Partial<UiState> = {}) { this.state = { ...INITIAL_UI, ...initial }; }

  /** The current state (a new object after every change). */
  get = (): UiState => this.state;

  /** Merges `patch` (or what `fn` returns for the current state) and notifies. */
  set(patch: Partial<UiState> | ((s: UiState) => Partial<UiState>)): void {
    const p = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  }

  /** Shows `text` in the footer for a few seconds. */
  say(text: string, severity: Severity = 'info'): void { this.set({ message: { text, severity, at: Date.now() } }); }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  };
}
