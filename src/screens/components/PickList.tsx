// A list to choose from with the arrows (search results, parked tickets).
import { Box, Text } from 'ink';
import { memo } from 'react';
import { fit, spread } from '../layout.js';
import { windowStart } from '../list-cursor.js';

export interface PickItem {
  key: string;
  left: string;
  right: string;
  dim?: boolean;
}

export const PickList = memo(function PickList(props: { title: string; hint: string; items: PickItem[]; index: number; width: number; height: number; empty: string }) {
  const { items, index, width, height } = props;
  const room = Math.max(1, height - 2);
  const start = windowStart(index, items.length, room);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit(props.title, width)}</Text>
      {items.length === 0 ? <Text dimColor>{fit(props.empty, width)}</Text> : null}
      {items.slice(start, start + room).map((item, i) => (
        <Text key={item.key} inverse={start + i === index} dimColor={item.dim}>
          {spread(item.left, item.right, width)}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text dimColor>{fit(props.hint, width)}</Text>
    </Box>
  );
});
