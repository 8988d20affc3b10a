// The screen between header and footer: the six panels in their layout rectangles, or an
// overlay (help, a picker) in their place.

import { Box } from 'ink';
import type { ReactNode } from 'react';
import { displayPath } from '../view/format.js';
import { useViewState } from '../state/ui-state-context.js';
import { CompileError } from './CompileError.js';
import { EventLog } from './EventLog.js';
import { FaultChart } from './FaultChart.js';
import { FrameMap } from './FrameMap.js';
import { HelpOverlay } from './HelpOverlay.js';
import { Picker } from './Picker.js';
import { ProcessTable } from './ProcessTable.js';
import { ServicesPanel } from './ServicesPanel.js';

export function Dashboard(): ReactNode {
  const v = useViewState();
  const { layout: L, snapshot: s, ui, noColor } = v;
  const bodyHeight = L.height - L.header - L.footer;
  const o = ui.overlay;
  if (o.kind === 'help') return <HelpOverlay watched={v.watched} width={L.width} height={bodyHeight} noColor={noColor} />;
  if (o.kind === 'policy') {
    const rep = s.services.find((x) => x.service === 'replacement');
    const items = [
      ...v.policies.map((p) => ({ label: p, detail: rep?.label === p ? 'built-in (serving now)' : 'built-in' })),
      ...v.watched.map((w) => ({ label: displayPath(w), detail: rep && displayPath(rep.label) === displayPath(w) ? 'your file (serving now)' : 'your file' })),
    ];
    return <Picker title="Switch the replacement policy (a live hot swap)" items={items} index={o.index} width={L.width} height={bodyHeight} noColor={noColor} />;
  }
  if (o.kind === 'workload') {
    const items = v.workloads.map((w) => ({ label: w.name, detail: w.description }));
    return <Picker title="Add a process running a built-in workload" items={items} index={o.index} width={L.width} height={bodyHeight} noColor={noColor} />;
  }
  const f = ui.focus;
  return (
    <Box flexDirection="column" width={L.width} height={bodyHeight}>
      <Box flexDirection="row" height={L.top.height}>
        <FaultChart series={s.series} markers={s.markers} width={L.top.chart} height={L.top.height} focused={f === 'chart'} noColor={noColor} />
        <Box width={1} />
        <FrameMap frameMap={s.frameMap} frames={s.frames} width={L.top.map} height={L.top.height} focused={f === 'map'} noColor={noColor} />
      </Box>
      <Box flexDirection="row" height={L.middle.height}>
        <ProcessTable processes={s.processes} series={s.series} selectedPid={ui.selectedPid} width={L.middle.processes} height={L.middle.height} focused={f === 'processes'} noColor={noColor} />
        <Box width={1} />
        <ServicesPanel services={s.services} width={L.middle.services} height={L.middle.height} focused={f === 'services'} noColor={noColor} />
      </Box>
      {v.compileFailure && L.bottom.compile > 0 ? (
        <CompileError errors={v.compileFailure} width={L.width} height={L.bottom.compile} focused={f === 'compile'} noColor={noColor} />
      ) : null}
      {L.bottom.events > 1 ? (
        <EventLog entries={v.entries} scroll={ui.eventScroll} width={L.width} height={L.bottom.events} focused={f === 'events'} noColor={noColor} />
      ) : null}
    </Box>
  );
}
