import { sameData } from '../../../testing/model/sameData';

describe('sameData, the equality the path checks rely on', () => {
  test.each([
    [[], []],
    [[{ method: 'hold', held: true }], [{ held: true, method: 'hold' }]],
    [{ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }],
    [Number.NaN, Number.NaN],
  ])('%j equals %j', (a, b) => expect(sameData(a, b)).toBe(true));

  test.each([
    [[{ method: 'hold', held: true }], [{ method: 'hold', held: false }]],
    [[], [{ method: 'answer' }]],
    [{ a: 1 }, { a: 1, b: undefined }],
    [[1], { 0: 1 }],
    [null, {}],
    ['1', 1],
  ])('%j differs from %j', (a, b) => expect(sameData(a, b)).toBe(false));
});
