// The input line, always focused: what the cashier or the scanner typed.
import { Text } from 'ink';
import { memo } from 'react';
import { fit } from '../layout.js';

export const InputLine = memo(function InputLine(props: { prompt: string; value: string; width: number; mask?: boolean }) {
  const shown = props.mask ? '•'.repeat(props.value.length) : props.value;
  const room = props.width - props.prompt.length - 2;
  // Keep the end of a long entry in view.
  const tail = shown.length > room ? shown.slice(shown.length - room) : shown;
  return (
    <Text>
      <Text bold>{props.prompt} </Text>
      <Text>{tail}</Text>
      <Text inverse> </Text>
      <Text>{fit('', Math.max(0, room - tail.length))}</Text>
    </Text>
  );
});
