// Panel 4: services with version, status (symbol and colour), isolation, latency and last error.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ServicesPanel, serviceRowCount } from '../../../src/tui/components/ServicesPanel.js';
import type { SlotInfo } from '../../../src/services/live/slot.js';
import { plain } from '../helpers.js';

const degraded: SlotInfo = {
  service: 'replacement', kind: 'replacement', version: 3, label: '/tmp/w/policy.ts', name: 'my-clock', status: 'degraded', isolated: true,
  latency: { p50Us: 35.2, p99Us: 2400, calls: 123_456 }, lastError: 'decision: crashed: TypeError: x is undefined',
};
const serving: SlotInfo = { service: 'readahead', kind: 'readahead', version: 1, label: 'sequential', name: 'sequential', status: 'serving', isolated: false, latency: { p50Us: 0.5, p99Us: 3, calls: 10 } };

describe('ServicesPanel', () => {
  it('shows name, version, status, isolation, latency and the last error', () => {
    const { lastFrame } = render(<ServicesPanel services={[degraded, serving]} width={60} height={9} focused={false} noColor={true} />);
    const f = plain(lastFrame());
    expect(f).toContain('4 Services');
    expect(f).toContain('replacement: my-clock v3 /tmp/w/policy.ts');
    expect(f).toContain('✗ degraded · isolated');
    expect(f).toContain('x last error: decision: crashed: TypeError: x is undefined');
    expect(f).toContain('p50 35µs p99 2.4ms · 123k calls');
    expect(f).toContain('readahead: sequential v1 built-in');
    expect(f).toContain('● serving · in-process');
    expect(serviceRowCount([degraded, serving])).toBe(7);
  });
  it('colours the status (red for degraded) unless NO_COLOR', () => {
    const { lastFrame } = render(<ServicesPanel services={[degraded]} width={60} height={5} focused={false} noColor={false} />);
    expect(lastFrame()).toMatch(/\x1b\[[0-9;]*31m ✗ degraded/);
  });
});
