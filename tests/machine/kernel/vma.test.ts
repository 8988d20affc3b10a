import { describe, expect, it } from 'vitest';
import { PROT_EXEC, PROT_READ, PROT_WRITE, VmaList, type Vma } from '../../../src/machine/kernel/vma.js';

const R = PROT_READ, W = PROT_WRITE, X = PROT_EXEC;
const shape = (l: VmaList): [number, number, number][] => l.list.map((v) => [v.start, v.end, v.prot]);
const list = (...vs: Omit<Vma, 'kind'>[]): VmaList => {
  const l = new VmaList();
  for (const v of vs) l.add({ ...v, kind: 'mmap' });
  return l;
};

describe('VmaList.find', () => {
  it('finds the VMA containing a page (end exclusive), undefined in gaps', () => {
    const l = list({ start: 30, end: 40, prot: R }, { start: 10, end: 20, prot: W }, { start: 50, end: 51, prot: X });
    expect(shape(l)).toEqual([[10, 20, W], [30, 40, R], [50, 51, X]]); // kept sorted
    expect(l.find(10)?.prot).toBe(W);
    expect(l.find(19)?.prot).toBe(W);
    expect(l.find(20)).toBeUndefined();
    expect(l.find(9)).toBeUndefined();
    expect(l.find(35)?.prot).toBe(R);
    expect(l.find(50)?.prot).toBe(X);
    expect(l.find(51)).toBeUndefined();
  });
});

describe('VmaList.add', () => {
  it('takes the union of rights where it overlaps, its own rights elsewhere', () => {
    const l = list({ start: 10, end: 20, prot: R });
    l.add({ start: 15, end: 25, prot: W, kind: 'heap' });
    expect(shape(l)).toEqual([[10, 15, R], [15, 20, R | W], [20, 25, W]]);
    expect(l.find(17)?.kind).toBe('mmap'); // the overlap stays part of the existing area
    expect(l.find(22)?.kind).toBe('heap');
  });

  it('fills gaps between existing VMAs and merges rights over each', () => {
    const l = list({ start: 10, end: 12, prot: R }, { start: 14, end: 16, prot: W });
    l.add({ start: 8, end: 18, prot: X, kind: 'image' });
    expect(shape(l)).toEqual([[8, 10, X], [10, 12, R | X], [12, 14, X], [14, 16, W | X], [16, 18, X]]);
    expect(l.covers(8, 18)).toBe(true);
  });

  it('is a no-op in coverage when added inside an existing VMA (rights widened only there)', () => {
    const l = list({ start: 0, end: 10, prot: R });
    l.add({ start: 3, end: 4, prot: R | W, kind: 'mmap' });
    expect(shape(l)).toEqual([[0, 3, R], [3, 4, R | W], [4, 10, R]]);
  });
});

describe('VmaList.remove', () => {
  it('splits a VMA around the removed range', () => {
    const l = list({ start: 10, end: 20, prot: R | W });
    l.remove(12, 15);
    expect(shape(l)).toEqual([[10, 12, R | W], [15, 20, R | W]]);
    expect(l.find(13)).toBeUndefined();
    expect(l.find(15)?.prot).toBe(R | W);
  });

  it('removes across several VMAs, trimming the ends', () => {
    const l = list({ start: 0, end: 5, prot: R }, { start: 5, end: 8, prot: W }, { start: 10, end: 20, prot: X });
    l.remove(3, 12);
    expect(shape(l)).toEqual([[0, 3, R], [12, 20, X]]);
    l.remove(0, 100);
    expect(l.list).toEqual([]);
  });
});

describe('VmaList.protect', () => {
  it('sets rights on a sub-range, splitting, and leaves pages outside any VMA alone', () => {
    const l = list({ start: 10, end: 20, prot: R | W });
    l.protect(12, 15, R);
    expect(shape(l)).toEqual([[10, 12, R | W], [12, 15, R], [15, 20, R | W]]);
    l.protect(0, 11, 0);
    expect(shape(l)).toEqual([[10, 11, 0], [11, 12, R | W], [12, 15, R], [15, 20, R | W]]);
    expect(l.find(5)).toBeUndefined(); // protect does not create areas
    expect(l.find(10)?.prot).toBe(0); // PROT_NONE areas still exist
  });
});

describe('VmaList.covers / isFree', () => {
  it('covers needs every page inside some VMA, adjacent VMAs included', () => {
    const l = list({ start: 10, end: 12, prot: R }, { start: 12, end: 14, prot: W }, { start: 16, end: 18, prot: R });
    expect(l.covers(10, 14)).toBe(true);
    expect(l.covers(11, 13)).toBe(true);
    expect(l.covers(10, 15)).toBe(false);
    expect(l.covers(9, 11)).toBe(false);
    expect(l.covers(13, 17)).toBe(false);
    expect(l.covers(5, 5)).toBe(true); // empty range
  });

  it('isFree is true only when nothing intersects', () => {
    const l = list({ start: 10, end: 12, prot: R });
    expect(l.isFree(0, 10)).toBe(true);
    expect(l.isFree(12, 20)).toBe(true);
    expect(l.isFree(11, 12)).toBe(false);
    expect(l.isFree(0, 11)).toBe(false);
    expect(l.isFree(5, 30)).toBe(false);
  });
});
