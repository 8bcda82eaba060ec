import { readFileSync } from 'node:fs';
import { MODEL_FIGURES_PAGE, modelFiguresTable, withModelFigures } from '../../scripts/model-figures';

// Figures in docs/ come from the script that produced them (issue 22): the coverage table of
// docs/model-based-testing.md is what `npm run model:figures` makes from a fresh run of the
// generated paths (regenerate: npm run model:figures -- --write).

test("docs/model-based-testing.md's coverage table is a fresh run's", async () => {
  const page = readFileSync(MODEL_FIGURES_PAGE, 'utf8');
  expect(withModelFigures(page, await modelFiguresTable())).toBe(page);
}, 240_000);
