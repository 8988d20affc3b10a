// The milklab terminal UI: header, the six panels (or an overlay), footer. It reads the session
// only through snapshot() (polled 12 times a second) and onEvent (the journal), acts only through the
// Session facade's commands, and sizes itself to the terminal (one row short, so Ink redraws
// in place). Wrapped in an error boundary: a crash in the UI is shown, not fatal.

import { Box, Text } from 'ink';
import { useMemo, type ReactNode } from 'react';
import { compileRowCount } from './components/CompileError.js';
import { Dashboard } from './components/Dashboard.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { Footer } from './components/Footer.js';
import { Header, headerRows } from './components/Header.js';
import { processOrder } from './components/ProcessTable.js';
import { serviceRowCount } from './components/ServicesPanel.js';
import { useActions } from './hooks/use-actions.js';
import { useJournal } from './hooks/use-journal.js';
import { useKeys } from './hooks/use-keys.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import { useTerminalSize, type TerminalSize } from './hooks/use-terminal-size.js';
import { useThroughput } from './hooks/use-throughput.js';
import { useUiStore } from './hooks/use-ui-store.js';
import type { Journal } from './state/journal.js';
import { UiActionsContext } from './state/ui-actions-context.js';
import { UiStateContext, type UiSession, type ViewState } from './state/ui-state-context.js';
import { SPEEDS, type UiStore } from './state/ui-store.js';
import { currentCompileFailure } from './view/events.js';
import { layout, MIN_SIZE } from './view/layout.js';

export interface AppProps {
  session: UiSession;
  store: UiStore;
  journal: Journal;
  title: string;
  watched: string[];
  noColor: boolean;
  policies: string[];
  workloads: { name: string; description: string }[];
  onQuit: () => void;
  onEdit: (file: string) => void;
  /** A fixed size (tests); default: the terminal's, following resizes. */
  size?: TerminalSize;
  /** Snapshot poll interval (ms, default 100: 10 frames/s while the machine runs). */
  pollMs?: number;
  /** A caption for scripted demos, shown in the header (read at every frame). */
  caption?: (() => string | undefined) | undefined;
}

export function App(props: AppProps): ReactNode {
  return (
    <ErrorBoundary onQuit={props.onQuit}>
      <Screen {...props} />
    </ErrorBoundary>
  );
}

function Screen(props: AppProps): ReactNode {
  const terminal = useTerminalSize();
  const size = props.size ?? terminal;
  const snapshot = useSnapshot(props.session, props.pollMs);
  const ui = useUiStore(props.store);
  const ips = useThroughput(snapshot.instructions);
  const entries = useJournal(props.journal);
  const compileFailure = useMemo(() => currentCompileFailure(entries), [entries]);
  const shownProcesses = Math.min(processOrder(snapshot.processes).length, 6);
  const caption = props.caption?.() || undefined;
  const hRows = caption ? 2 : headerRows({ title: props.title, watched: props.watched, width: size.columns });
  const L = useMemo(
    () => layout(size.columns, size.rows, { processRows: Math.max(1, shownProcesses), serviceRows: serviceRowCount(snapshot.services), compileRows: compileRowCount(compileFailure), headerRows: hRows }),
    [size.columns, size.rows, shownProcesses, snapshot.services, compileFailure, hRows],
  );
  const actions = useActions({
    session: props.session, store: props.store, watched: props.watched, policies: props.policies, workloads: props.workloads,
    snapshot, compileShown: compileFailure !== undefined && L.bottom.compile > 0, onQuit: props.onQuit, onEdit: props.onEdit,
  });
  useKeys(actions, props.store);
  if (size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows) {
    return <Text wrap="truncate-end">{`milklab: the terminal is ${size.columns}x${size.rows}; the UI needs ${MIN_SIZE.columns}x${MIN_SIZE.rows} (q quits)`}</Text>;
  }
  // Panel 6 gone (a version swapped in): its focus passes to the event log.
  const shownUi = ui.focus === 'compile' && !(compileFailure && L.bottom.compile > 0) ? { ...ui, focus: 'events' as const } : ui;
  const view: ViewState = {
    snapshot, ui: shownUi, layout: L, entries, compileFailure, title: props.title, watched: props.watched, noColor: props.noColor,
    policies: props.policies, workloads: props.workloads,
  };
  return (
    <UiActionsContext.Provider value={actions}>
      <UiStateContext.Provider value={view}>
        <Box flexDirection="column" width={L.width} height={L.height}>
          <Header title={props.title} watched={props.watched} paused={snapshot.paused} speed={SPEEDS[ui.speedIndex]!} mips={ips / 1e6}
            instructions={snapshot.instructions} width={L.width} rows={L.header === 1 ? 1 : 2} noColor={props.noColor} caption={caption} />
          <Dashboard />
          <Footer message={ui.message} now={Date.now()} width={L.width} noColor={props.noColor} />
        </Box>
      </UiStateContext.Provider>
    </UiActionsContext.Provider>
  );
}
