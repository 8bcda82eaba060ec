/** The transition tour: every transition with every payload case, in fewer steps than the shortest paths. */
import { generatePaths } from '../../../testing/model/generate';
import { describePathSuite } from './pathSuite';

describePathSuite('tour', true);

test('the tour takes fewer steps than the shortest-paths suite', () => {
  expect(generatePaths('tour').steps).toBeLessThan(generatePaths('shortest').steps);
});
