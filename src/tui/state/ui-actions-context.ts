// What the user can do, shared through React context: every key binding calls one of these.

import { createContext, useContext } from 'react';
import type { PanelId } from '../view/layout.js';

export interface UiActions {
  quit(): void;
  togglePause(): void;
  faster(): void;
  slower(): void;
  focus(panel: PanelId): void;
  focusNext(direction: 1 | -1): void;
  /** ↑/↓ in the focused panel (select a process, scroll the log). */
  move(delta: number): void;
  toggleHelp(): void;
  openPolicyPicker(): void;
  openWorkloadPicker(): void;
  closeOverlay(): void;
  pickerMove(delta: number): void;
  pickerChoose(): void;
  choosePolicy(spec: string): Promise<void>;
  addWorkload(name: string): void;
  killSelected(): void;
  shrinkFrames(): void;
  growFrames(): void;
  edit(): void;
}

export const UiActionsContext = createContext<UiActions | undefined>(undefined);

/** The actions (inside <App> only). */
export function useUiActions(): UiActions {
  const a = useContext(UiActionsContext);
  if (!a) throw new Error('useUiActions outside <App>');
  return a;
}
