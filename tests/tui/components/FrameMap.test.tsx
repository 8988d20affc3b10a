// Panel 2: one cell per frame, or per group of frames when the panel is smaller than memory;
// owner letters (upper case = dirty), free and ballooned glyphs; NO_COLOR keeps the letters.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { FrameMap } from '../../../src/tui/components/FrameMap.js';
import { cellOf, frameMapView, OWNER_BALLOONED, OWNER_FREE } from '../../../src/tui/view/frame-map.js';
import { FRAME_BALLOONED, FRAME_FREE } from '../../../src/machine/kernel/frames.js';
import { fakeSnapshot, frames, plain } from '../helpers.js';

describe('FrameMap', () => {
  it('uses the kernel\'s encoding of free and ballooned frames', () => {
    expect(OWNER_FREE).toBe(FRAME_FREE);
    expect(OWNER_BALLOONED).toBe(FRAME_BALLOONED);
  });
  it('draws one cell per frame when they fit, with letters per owner and case for dirty', () => {
    const fm = frames(8, (f) => [0, 1, 1, 2, 2, -1, 0, 1][f]!, (f) => ({ dirty: f === 2 || f === 3, referenced: f === 1 }));
    const v = frameMapView(fm, 10, 2, true);
    expect(v.perCell).toBe(1);
    expect(plain(v.rows[0])).toBe('·aAB' + 'b░·a  ');
    expect(v.counts).toEqual({ free: 2, ballooned: 1, owned: 5, dirty: 2, referenced: 1 });
  });
  it('aggregates frames into cells by majority when there are more frames than cells', () => {
    // 64 frames in a 4x2 area: 8 frames per cell
    const fm = frames(64, (f) => (f < 16 ? 0 : f < 40 ? 1 : 2), (f) => ({ dirty: f === 20 }));
    const v = frameMapView(fm, 4, 2, true);
    expect(v.perCell).toBe(8);
    expect(v.rows.map(plain)).toEqual(['··Aa', 'abbb']);
    expect(cellOf(fm, 12, 20).ch).toBe('a'); // 4 free, 4 owned: a tie shows the owner (memory in use)
    expect(cellOf(fm, 0, 8)).toEqual({ ch: '·', st: { dim: true } });
  });
  it('renders the panel with a legend; NO_COLOR has letters and no colours', () => {
    const s = fakeSnapshot();
    const { lastFrame } = render(<FrameMap frameMap={s.frameMap} frames={s.frames} width={40} height={6} focused={false} noColor={true} />);
    const f = lastFrame()!;
    expect(f).not.toMatch(/\x1b\[[0-9;]*3[0-7]m/);
    const lines = plain(f).split('\n');
    expect(lines[0]).toContain('2 Memory');
    expect(lines[0]).toContain('64/64 frames, 8 free, 3 pt');
    expect(lines[1]).toMatch(/^········[aA]{32}$/);
    expect(lines[2]).toMatch(/^[bB]{24}\s*$/);
    expect(lines.at(-1)).toContain('· free');
    expect(lines.at(-1)).toContain('░ balloon');
  });
  it('colours owners when colours are allowed', () => {
    const s = fakeSnapshot();
    const { lastFrame } = render(<FrameMap frameMap={s.frameMap} frames={s.frames} width={40} height={6} focused={false} noColor={false} />);
    expect(lastFrame()).toMatch(/\x1b\[[0-9;]*36m/); // pid 1: cyan
    expect(lastFrame()).toMatch(/\x1b\[[0-9;]*35m/); // pid 2: magenta
  });
  it('scales to a large terminal: one frame per cell', () => {
    const s = fakeSnapshot();
    const { lastFrame } = render(<FrameMap frameMap={s.frameMap} frames={s.frames} width={64} height={4} focused={false} noColor={true} />);
    expect(plain(lastFrame()).split('\n')[3]).toContain('1 cell=1 frame');
  });
});
