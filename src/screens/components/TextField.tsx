// One editable text field, drawn and typed through ink-text-input. The value
// is the session's (a controlled field): what the user types reaches the
// session as key events through the app's TextFieldKeys, and the field shows
// whatever value the session then holds (filtered, cleared, saved…). Only the
// active field has `focus`; `mask` hides a PIN. Without TextFieldKeys in the
// tree (an app whose raw key hook still edits the session itself) it only
// draws, with the same cursor.
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { useContext, useEffect } from 'react';
import { TextFieldKeysContext } from './text-field-keys.js';

export interface TextFieldProps {
  value: string;
  /** the field being edited: it shows the cursor and takes the typing */
  focus: boolean;
  /** columns the field may use; a longer value is cut */
  width: number;
  /** shown instead of each character (a PIN) */
  mask?: string;
  placeholder?: string;
}

export function TextField(props: TextFieldProps) {
  const { value, focus, width, mask, placeholder } = props;
  const keys = useContext(TextFieldKeysContext);
  const typing = focus && keys !== null;
  useEffect(() => (typing ? keys.focus() : undefined), [typing, keys]);
  return (
    <Box width={width} height={1} overflow="hidden">
      {typing ? (
        <TextInput value={value} focus mask={mask} placeholder={placeholder} onChange={(after) => keys.change(value, after)} />
      ) : (
        <Text>
          {mask ? mask.repeat(value.length) : value}
          {focus ? <Text inverse> </Text> : null}
        </Text>
      )}
    </Box>
  );
}
