// The key bindings, written once: the footer shows their short hints (as many as fit), the help
// overlay their descriptions. Conventions of htop, lazygit and k9s.

export interface KeyHelp { keys: string; hint: string; help: string }

export const KEYS: readonly KeyHelp[] = [
  { keys: 'q', hint: 'quit', help: 'quit (also Ctrl-C): restores the terminal and stops the machine' },
  { keys: '?', hint: 'help', help: 'this help; any key closes it' },
  { keys: 'e', hint: 'edit policy', help: 'edit the active policy in $EDITOR (vi if unset); a save swaps it in live' },
  { keys: 'p', hint: 'policy', help: 'pick a built-in replacement policy (a live hot swap)' },
  { keys: 'space', hint: 'pause', help: 'pause / resume the machine' },
  { keys: '+/-', hint: 'speed', help: 'faster / slower: 1M, 5M, 20M instructions per second, or max' },
  { keys: 'a', hint: 'add', help: 'add a process running a built-in workload' },
  { keys: 'k', hint: 'kill', help: 'kill the selected process (select with ↑/↓ in the process panel)' },
  { keys: '[/]', hint: 'frames', help: 'shrink / grow the frames available (a balloon takes them away)' },
  { keys: 'Tab', hint: 'panel', help: 'focus the next panel (Shift-Tab: previous; or 1-6)' },
  { keys: '↑/↓', hint: 'select', help: 'select a process, or scroll the event log, in the focused panel' },
];

/** One line per panel, for terminals too short for PANEL_HELP (80x24). */
export const PANEL_HELP_SHORT: readonly string[] = [
  '1 Fault rate  faults per M instructions, total (*) and per process; ┴ = swap',
  '2 Memory      a cell per frame: · free ░ ballooned a..z owner (UPPER = dirty)',
  '3 Processes   resident frames, minor/major faults, fault rate, quota',
  '4 Services    version, status (● serving ◐ probation ✗ degraded), latency',
  '5 Events      swaps, rollbacks, compile errors, kills, process starts and exits',
  '6 Compile     the last compile error of your file, until a version swaps in',
];

export const PANEL_HELP: readonly string[] = [
  '1 Fault rate  faults per million instructions, total (*) and per process (letters);',
  '              ┴ on the time axis marks a swap (green), rollback (red) or fallback;',
  '              its label: version, policy, rate before → after',
  '2 Memory      one cell per frame: · free  ░ ballooned  a..z owner (UPPER = dirty,',
  '              bold = referenced, dim = not referenced, underlined = pinned)',
  '3 Processes   resident frames, minor/major faults, fault rate, quota',
  '4 Services    version, status (● serving ◐ probation ✗ degraded), latency, last error',
  '5 Events      swaps, rollbacks, compile errors, kills, process starts and exits',
  '6 Compile     the last compile error of your file, until a version swaps in',
];
