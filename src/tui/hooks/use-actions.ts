// The UI's actions: each key's effect, done through the Session facade's commands (load, pause,
// speed, add/kill a process, balloon) and the UI store. Outcomes are reported in the footer;
// nothing here throws into React.

import { useMemo, useRef } from 'react';
import { effectiveSelection, processOrder } from '../components/ProcessTable.js';
import { workloadProgram } from '../programs.js';
import type { UiActions } from '../state/ui-actions-context.js';
import { whenReady, type Snapshot, type UiSession } from '../state/ui-state-context.js';
import { SPEEDS, type UiStore } from '../state/ui-store.js';
import { displayPath, speedLabel } from '../view/format.js';
import { PANELS, type PanelId } from '../view/layout.js';

export interface ActionDeps {
  session: UiSession;
  store: UiStore;
  watched: string[];
  policies: string[];
  workloads: { name: string; description: string }[];
  snapshot: Snapshot;
  /** Whether the compile-error panel is on screen (it can take focus then). */
  compileShown: boolean;
  onQuit: () => void;
  onEdit: (file: string) => void;
}

/** The file `e` opens: the replacement policy's file when it is a watched one, else the first watched. */
export function activeFile(snapshot: Snapshot, watched: string[]): string | undefined {
  const rep = snapshot.services.find((s) => s.service === 'replacement');
  const byLabel = rep && watched.find((w) => displayPath(w) === displayPath(rep.label));
  return byLabel ?? watched[0];
}

export function useActions(deps: ActionDeps): UiActions {
  const ref = useRef(deps);
  ref.current = deps;
  const { session, store } = deps;
  return useMemo((): UiActions => {
    const d = (): ActionDeps => ref.current;
    const visiblePanels = (): PanelId[] => PANELS.filter((p) => p !== 'compile' || d().compileShown);
    const policyItems = (): string[] => [...d().policies, ...d().watched];

    const actions: UiActions = {
      quit: () => d().onQuit(),
      togglePause() {
        if (session.isPaused) { session.resume(); store.say('running'); } else { session.pause(); store.say('paused: space resumes', 'warn'); }
      },
      faster() { setSpeed(Math.min(SPEEDS.length - 1, store.get().speedIndex + 1)); },
      slower() { setSpeed(Math.max(0, store.get().speedIndex - 1)); },
      focus(panel) {
        if (panel === 'compile' && !d().compileShown) { store.say('panel 6 shows the last compile error; there is none now'); return; }
        store.set({ focus: panel });
      },
      focusNext(direction) {
        const ps = visiblePanels();
        const i = ps.indexOf(store.get().focus);
        store.set({ focus: ps[(i + direction + ps.length) % ps.length]! });
      },
      move(delta) {
        const ui = store.get();
        if (ui.focus === 'events') {
          store.set({ eventScroll: Math.max(0, ui.eventScroll - delta) });
          return;
        }
        const live = processOrder(d().snapshot.processes).filter((p) => p.state === 'running');
        if (live.length === 0) return;
        const cur = effectiveSelection(d().snapshot.processes, ui.selectedPid);
        const i = Math.max(0, live.findIndex((p) => p.pid === cur));
        const next = live[Math.max(0, Math.min(live.length - 1, i + delta))]!;
        store.set({ selectedPid: next.pid, focus: 'processes' });
      },
      toggleHelp() { store.set((s) => ({ overlay: s.overlay.kind === 'help' ? { kind: 'none' } : { kind: 'help' } })); },
      openPolicyPicker() {
        const items = policyItems();
        const rep = d().snapshot.services.find((s) => s.service === 'replacement');
        const at = rep ? items.findIndex((i) => displayPath(i) === displayPath(rep.label)) : -1;
        store.set({ overlay: { kind: 'policy', index: Math.max(0, at) } });
      },
      openWorkloadPicker() { store.set({ overlay: { kind: 'workload', index: 0 } }); },
      closeOverlay() { store.set({ overlay: { kind: 'none' } }); },
      pickerMove(delta) {
        const o = store.get().overlay;
        if (o.kind !== 'policy' && o.kind !== 'workload') return;
        const n = o.kind === 'policy' ? policyItems().length : d().workloads.length;
        store.set({ overlay: { ...o, index: Math.max(0, Math.min(n - 1, o.index + delta)) } });
      },
      pickerChoose() {
        const o = store.get().overlay;
        store.set({ overlay: { kind: 'none' } });
        if (o.kind === 'policy') { const spec = policyItems()[o.index]; if (spec) void actions.choosePolicy(spec); }
        else if (o.kind === 'workload') { const w = d().workloads[o.index]; if (w) actions.addWorkload(w.name); }
      },
      async choosePolicy(spec) {
        const label = displayPath(spec);
        store.say(`loading ${label}…`);
        try {
          const r = await session.load('replacement', spec);
          if (r.ok) store.say(`${label} ready: swapping it in`, 'good');
          else store.say(/: unchanged$/.test(r.message) ? `${label} is unchanged since it was last loaded: save a change to reload it` : r.message, 'error');
        } catch (e) {
          store.say(`${label}: ${(e as Error).message}`, 'error');
        }
      },
      addWorkload(name) {
        const p = workloadProgram(name);
        if (!p.ok) { store.say(p.message, 'error'); return; }
        whenReady(session.addProcess(p.program), (r) => {
          if (r.ok) { store.say(`started ${name} as pid ${r.pid}`, 'good'); store.set({ selectedPid: r.pid }); } else store.say(`${name}: ${r.message}`, 'error');
        });
      },
      killSelected() {
        const pid = effectiveSelection(d().snapshot.processes, store.get().selectedPid);
        if (pid === undefined) { store.say('no running process to kill'); return; }
        const name = d().snapshot.processes.find((p) => p.pid === pid)?.name ?? '';
        whenReady(session.killProcess(pid), (killed) => store.say(killed ? `killed ${name}[${pid}]` : `pid ${pid} is not running`, 'warn'));
      },
      shrinkFrames() { balloon(-1); },
      growFrames() { balloon(1); },
      edit() {
        const file = activeFile(d().snapshot, d().watched);
        if (!file) { store.say('no service file is watched here: press p to switch policy', 'warn'); return; }
        d().onEdit(file);
      },
    };

    function setSpeed(i: number): void {
      store.set({ speedIndex: i });
      session.setSpeed(SPEEDS[i]!);
      store.say(`speed ${speedLabel(SPEEDS[i]!)}`);
    }

    // The count set last, valid until the next snapshot arrives (keys can come faster than polls).
    let lastSet: { snapshot: Snapshot; available: number } | undefined;
    function balloon(direction: 1 | -1): void {
      const f = d().snapshot.frames;
      const step = Math.max(8, Math.round(f.total / 16));
      const available = lastSet?.snapshot === d().snapshot ? lastSet.available : f.total - f.ballooned;
      const want = Math.max(step, Math.min(f.total, available + direction * step));
      if (want === available) { store.say(direction > 0 ? `all ${f.total} frames are available` : `${available} frames is the smallest the balloon leaves`); return; }
      const snapshot = d().snapshot;
      lastSet = { snapshot, available: want }; // until the answer (or the next snapshot) says otherwise
      whenReady(session.setFrames(want), (n) => {
        if (lastSet?.snapshot === snapshot) lastSet = { snapshot, available: n };
        store.say(`${n} of ${f.total} frames available${n < f.total ? ` (${f.total - n} ballooned)` : ''}`, direction < 0 ? 'warn' : 'info');
      });
    }

    return actions;
  }, [session, store]);
}
