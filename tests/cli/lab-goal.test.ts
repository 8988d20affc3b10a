import { describe, expect, it } from 'vitest';
import { goalLine } from '../../src/cli/lab.js';
import type { LabGoal } from '../../src/labs/live.js';

const goal = (status: ReturnType<LabGoal['status']>, pass: (boolean | null)[]): LabGoal => ({
  title: 't', summary: 's', status: () => status, refresh: async () => {}, onChange: () => () => {},
  criteria: () => pass.map((p, i) => ({ name: `c${i}`, measured: p === null ? null : 10 + i, target: 12, compare: '<=', pass: p })),
});

describe('the lab goal line in the UI', () => {
  it('shows every criterion with its live status, measured value and target', () => {
    expect(goalLine(goal({ kind: 'idle' }, [true, false, null]))).toBe('goal: ✓ c0 10 (target <= 12) · ✗ c1 11 (target <= 12) · … c2 ? (target <= 12)');
  });
  it('says when it is grading or cannot grade', () => {
    expect(goalLine(goal({ kind: 'checking' }, [null]))).toMatch(/\[checking…\]$/);
    expect(goalLine(goal({ kind: 'error', message: 'p.ts:3:1: boom' }, [null]))).toMatch(/\[cannot grade: p\.ts:3:1: boom\]$/);
  });
});
