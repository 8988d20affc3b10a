// The UI state from the external UiStore, as React state.

import { useSyncExternalStore } from 'react';
import type { UiState, UiStore } from '../state/ui-store.js';

export function useUiStore(store: UiStore): UiState {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
