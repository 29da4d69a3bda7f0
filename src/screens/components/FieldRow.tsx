// One line of a form: the label, then its TextField. The active line's label
// is drawn inverse (the value keeps ink-text-input's own cursor).
import { Box, Text } from 'ink';
import { fit } from '../layout.js';
import { TextField } from './TextField.js';

export function FieldRow(props: { label: string; labelWidth: number; value: string; active: boolean; width: number; mask?: string }) {
  const { label, labelWidth, value, active, width, mask } = props;
  return (
    <Box width={width}>
      <Text inverse={active}>{fit(label, labelWidth)}</Text>
      <Text> </Text>
      <TextField value={value} focus={active} width={Math.max(1, width - labelWidth - 1)} mask={mask} />
    </Box>
  );
}
