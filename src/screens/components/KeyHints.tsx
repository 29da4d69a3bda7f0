// The bottom line: the keys that matter now.
import { Text } from 'ink';
import { memo } from 'react';
import { fit } from '../layout.js';

export const KeyHints = memo(function KeyHints(props: { hints: Array<[string, string]>; width: number }) {
  let used = 0;
  const parts: Array<[string, string]> = [];
  for (const [key, label] of props.hints) {
    const w = key.length + label.length + 2;
    if (used + w > props.width) break;
    parts.push([key, label]);
    used += w;
  }
  return (
    <Text>
      {parts.map(([key, label]) => (
        <Text key={key}>
          <Text inverse>{key}</Text>
          <Text>{` ${label} `}</Text>
        </Text>
      ))}
      <Text>{fit('', props.width - used)}</Text>
    </Text>
  );
});
