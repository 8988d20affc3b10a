// The picker: a list with the chosen row marked, scrolled to keep it visible.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Picker } from '../../../src/tui/components/Picker.js';
import { plain } from '../helpers.js';

describe('Picker', () => {
  const items = Array.from({ length: 20 }, (_, i) => ({ label: `item${i}`, detail: `about ${i}` }));
  it('marks the chosen item and keeps it in view', () => {
    const { lastFrame } = render(<Picker title="Pick one" items={items} index={15} width={60} height={10} noColor={true} />);
    const f = plain(lastFrame());
    expect(f).toContain('Pick one');
    expect(f).toMatch(/› item15 +about 15/);
    expect(f).not.toContain('item0 ');
    expect(f).toContain('Enter choose');
  });
});
