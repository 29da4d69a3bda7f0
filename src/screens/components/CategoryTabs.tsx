// Category tabs over the grid, each in its colour; the current one stands out.
import { Text } from 'ink';
import { memo } from 'react';
import type { Category } from '../../core/catalogue/article.js';
import { fit } from '../layout.js';
import { categoryColor, type ColorLevel } from '../theme.js';

export const CategoryTabs = memo(function CategoryTabs(props: { categories: Category[]; index: number; width: number; level: ColorLevel }) {
  const { categories, index, width, level } = props;
  // Shorten names so every tab fits on one line.
  const room = Math.max(4, Math.floor(width / Math.max(1, categories.length)) - 1);
  let used = 0;
  return (
    <Text wrap="truncate">
      {categories.map((c, i) => {
        const label = fit(c.name, Math.min(room, c.name.length));
        used += label.length + 1;
        if (used > width) return null;
        const current = i === index;
        return (
          <Text key={c.id}>
            <Text color={categoryColor(c.color, level)} bold={current} inverse={current} underline={current && level === 'none'}>
              {label}
            </Text>
            <Text> </Text>
          </Text>
        );
      })}
    </Text>
  );
});
