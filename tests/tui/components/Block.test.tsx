// Block: pre-rendered rows drawn in an exact width x height rectangle — missing rows blank, extra
// rows dropped, long rows cut with their escape codes kept — redrawn when the rows change, and
// nothing at all for an empty rectangle.
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Block } from '../../../src/tui/components/Block.js';
import { RowBuilder, stripSgr } from '../../../src/tui/view/style.js';
import { plain } from '../helpers.js';

describe('Block', () => {
  it('draws its rows, one per line, in a width x height rectangle', () => {
    const { lastFrame } = render(<Block rows={['abc', 'defgh']} width={8} height={3} />);
    expect(lastFrame()!.split('\n')).toEqual(['abc', 'defgh', '']);
  });

  it('takes exactly its width and height in a layout', () => {
    const { lastFrame } = render(
      <Box flexDirection="column">
        <Box><Block rows={['ab']} width={5} height={2} /><Text>|</Text></Box>
        <Text>below</Text>
      </Box>,
    );
    expect(lastFrame()!.split('\n')).toEqual(['ab   |', '', 'below']);
  });

  it('shows only the first height rows', () => {
    const { lastFrame } = render(<Block rows={['1', '2', '3', '4']} width={4} height={2} />);
    expect(lastFrame()!.split('\n')).toEqual(['1', '2']);
  });

  it('cuts long rows to the width, keeping their styles', () => {
    const row = new RowBuilder(false).add('red', { fg: 'red' }).add('bold and long', { bold: true }).done();
    const { lastFrame } = render(<Block rows={[row, 'x'.repeat(50)]} width={6} height={2} />);
    const lines = lastFrame()!.split('\n');
    expect(lines.map((l) => stripSgr(l))).toEqual(['redbol', 'xxxxxx']);
    expect(lines[0]).toContain('\x1b[31mred');
    expect(lines[0]).toMatch(/\x1b\[1mbol/);
  });

  it('redraws when its rows change, and when its width changes', () => {
    const { lastFrame, rerender } = render(<Block rows={['first']} width={10} height={1} />);
    expect(lastFrame()).toBe('first');
    rerender(<Block rows={['second']} width={10} height={1} />);
    expect(lastFrame()).toBe('second');
    rerender(<Block rows={['second']} width={3} height={1} />);
    expect(plain(lastFrame())).toBe('sec');
  });

  it('draws nothing for an empty rectangle', () => {
    expect(render(<Block rows={['abc']} width={0} height={2} />).lastFrame()).toBe('');
    expect(render(<Block rows={['abc']} width={5} height={0} />).lastFrame()).toBe('');
  });
});
