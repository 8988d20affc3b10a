// Panel 1: page faults per million instructions over time, in total and per process, with every
// swap / rollback / fallback of a service marked on the time axis and labelled with the rate
// before and after it.

import { memo, useMemo, type ReactNode } from 'react';
import type { Marker, RatePoint } from '../../session/telemetry.js';
import { chartView } from '../view/chart.js';
import { Panel } from './Panel.js';

export interface FaultChartProps {
  series: RatePoint[];
  markers: Marker[];
  width: number;
  height: number;
  focused: boolean;
  noColor: boolean;
}

export const FaultChart = memo(function FaultChart(p: FaultChartProps): ReactNode {
  const view = useMemo(
    () => chartView({ series: p.series, markers: p.markers, width: p.width, height: p.height - 1, noColor: p.noColor }),
    [p.series, p.markers, p.width, p.height, p.noColor],
  );
  return (
    <Panel index={1} title="Fault rate" extra={view.summary || 'faults per million instructions; * = total'} width={p.width} height={p.height} focused={p.focused} noColor={p.noColor} rows={view.rows} />
  );
});
