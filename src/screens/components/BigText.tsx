// An amount or a count in block digits, falling back to plain bold text.
import { Box, Text } from 'ink';
import { bigText } from '../big-digits.js';

export function BigText({ text, color, width }: { text: string; color?: string; width?: number }) {
  const rows = bigText(text);
  if (!rows || (width !== undefined && rows[0].length > width)) {
    return (
      <Text bold color={color}>
        {text}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
        <Text key={i} color={color} bold>
          {row}
        </Text>
      ))}
    </Box>
  );
}
