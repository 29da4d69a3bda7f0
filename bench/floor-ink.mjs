// The start-up floor for an Ink program: renders one Text and exits at its
// first frame, so the bench can show how much of the till's start-up is Node
// and Ink themselves.
import { createElement } from 'react';
import { render, Text, useApp } from 'ink';
import { useEffect } from 'react';

function Floor() {
  const { exit } = useApp();
  useEffect(() => exit(), [exit]);
  return createElement(Text, null, 'floor-ink ready');
}

await render(createElement(Floor)).waitUntilExit();
