// The grid draws the page the till holds (issue #19): its page number comes
// from the page's place in the category, the cursor from its place there.
import { cleanup, render } from 'ink-testing-library';
import type { Article } from '../../src/core/catalogue/article.js';
import { ArticleGrid } from '../../src/screens/components/ArticleGrid.js';
import { saleLayout } from '../../src/screens/layout.js';
import { baguette } from '../till/fixtures.js';

afterEach(cleanup);

const nth = (i: number): Article => ({ ...baguette, id: 100 + i, plu: String(100 + i), name: `Pain ${i}` });

test('the second page of a category of 20 reads « page 2/2 » and shows only the page held', () => {
  const layout = saleLayout({ columns: 80, rows: 24 });
  const size = layout.columns * layout.cellRows;
  const held = Array.from({ length: 20 - size }, (_, i) => nth(size + i));
  const { lastFrame } = render(
    <ArticleGrid articles={held} offset={size} count={20} color="white" cursor={size + 1} layout={layout} level="none" locale="fr" active />,
  );
  const frame = lastFrame() ?? '';
  expect(frame).toContain('page 2/2');
  expect(frame).toContain(`Pain ${size}`);
  expect(frame).toContain('Pain 19');
  expect(frame).not.toContain(`Pain ${size - 1}`);
});
