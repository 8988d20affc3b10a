// The key bindings (see view/keys.ts for the list people read): overlays take the keys while
// open; otherwise each key calls one action. Ctrl-C quits like q (Ink's own handler is off).

import { useInput } from 'ink';
import type { UiActions } from '../state/ui-actions-context.js';
import type { UiStore } from '../state/ui-store.js';
import { PANELS } from '../view/layout.js';

export function useKeys(actions: UiActions, store: UiStore): void {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') { actions.quit(); return; }
    const overlay = store.get().overlay;
    if (overlay.kind === 'help') { actions.closeOverlay(); return; }
    if (overlay.kind === 'policy' || overlay.kind === 'workload') {
      if (key.escape || input === 'q') actions.closeOverlay();
      else if (key.upArrow || input === 'k') actions.pickerMove(-1);
      else if (key.downArrow || input === 'j') actions.pickerMove(1);
      else if (key.pageUp) actions.pickerMove(-10);
      else if (key.pageDown) actions.pickerMove(10);
      else if (key.return) actions.pickerChoose();
      return;
    }
    if (key.tab) { actions.focusNext(key.shift ? -1 : 1); return; }
    if (key.upArrow) { actions.move(-1); return; }
    if (key.downArrow) { actions.move(1); return; }
    if (key.pageUp) { actions.move(-10); return; }
    if (key.pageDown) { actions.move(10); return; }
    if (key.escape) { store.set({ message: undefined }); return; }
    const digit = /^[1-6]$/.test(input) ? Number(input) : 0;
    if (digit) { actions.focus(PANELS[digit - 1]!); return; }
    switch (input) {
      case 'q': actions.quit(); break;
      case '?': actions.toggleHelp(); break;
      case ' ': actions.togglePause(); break;
      case '+': case '=': actions.faster(); break;
      case '-': case '_': actions.slower(); break;
      case 'p': actions.openPolicyPicker(); break;
      case 'a': actions.openWorkloadPicker(); break;
      case 'k': actions.killSelected(); break;
      case '[': actions.shrinkFrames(); break;
      case ']': actions.growFrames(); break;
      case 'e': actions.edit(); break;
      default: break;
    }
  });
}
